import type { Component } from "solid-js";
import type { WidgetKind } from "../../data/workbench.ts";
import { FeedWidget } from "./feed-widget.tsx";
import { NoticesWidget } from "./notices-widget.tsx";
import { TodoWidget } from "./todo-widget.tsx";
import { WidgetCard, type WidgetProps } from "./widget-card.tsx";

/** One component per widget kind; a kind this build does not know yet still renders as a plain card. */
const VIEWS: Record<WidgetKind, Component<WidgetProps>> = { todo: TodoWidget, feed: FeedWidget, notices: NoticesWidget };

export const widgetView = (kind: string): Component<WidgetProps> => VIEWS[kind as WidgetKind] ?? WidgetCard;
