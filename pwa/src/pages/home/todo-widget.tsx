import type { JSX } from "solid-js";
import { WidgetCard, type WidgetProps } from "./widget-card.tsx";

/** A to-do list (locked accounts, failed runs, pending approvals …): the count up front. */
export function TodoWidget(props: WidgetProps): JSX.Element {
  return <WidgetCard {...props} badge class="widget--todo" />;
}
