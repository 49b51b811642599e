import type { JSX } from "solid-js";
import { WidgetCard, type WidgetProps } from "./widget-card.tsx";

/** A time-ordered feed (unread notifications, my recent activity): newest first, each with its time. */
export function FeedWidget(props: WidgetProps): JSX.Element {
  return <WidgetCard {...props} class="widget--feed" />;
}
