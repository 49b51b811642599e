import type { Component } from "solid-js";
import type { WidgetKind } from "../../data/workbench.ts";
import { FeedWidget } from "./feed-widget.tsx";
import { NoticesWidget } from "./notices-widget.tsx";
import { ReportsKpiWidget } from "./reports-kpi-widget.tsx";
import { TodoWidget } from "./todo-widget.tsx";
import { WidgetCard, type WidgetProps } from "./widget-card.tsx";

/** One component per widget kind; a kind this build does not know yet still renders as a plain card. */
const VIEWS: Record<WidgetKind, Component<WidgetProps>> = { todo: TodoWidget, feed: FeedWidget, notices: NoticesWidget };

/** Widgets with a look of their own, by id (the kind still says where they sit). */
const BY_ID: Record<string, Component<WidgetProps>> = { "reports.kpis": ReportsKpiWidget };

export const widgetView = (kind: string, id?: string): Component<WidgetProps> => (id ? BY_ID[id] : undefined) ?? VIEWS[kind as WidgetKind] ?? WidgetCard;
