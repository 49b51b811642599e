import type { Locale, UserActor } from "@ops/shared";
import type { WidgetKind, WidgetTone } from "@ops/shared/contracts/workbench.ts";

/**
 * What a module implements to put a widget on the home workbench. Modules never import the
 * workbench: the composition root (system.ts) hands them `RegisterWidget` (or registers for them),
 * and they take only these types from the workbench's index.ts.
 */

/** A text in the caller's language: a message key of the shared catalogue, or both languages inline. */
export type WidgetText = string | { "zh-CN": string; en: string };

/** An in-app link; `href` must be a path starting with a single "/" (no other origin). */
export type WidgetLinkInput = { label: WidgetText; href: string };

export type WidgetLoadContext = {
  actor: UserActor;
  locale: Locale;
  /** the server clock's now, read once per page so every widget counts against the same instant */
  now: Date;
  /** aborted when the widget ran out of time: a long query may stop early */
  signal: AbortSignal;
};

export type WidgetItemInput = {
  title: string;
  subtitle?: string | null;
  href?: string | null;
  at?: string | null;
  tone?: WidgetTone | null;
};

/** What `load` answers: the total, the first items (more than five are cut), and optional links. */
export type WidgetData = {
  count: number;
  items: WidgetItemInput[];
  more?: WidgetLinkInput | null;
  /** overrides the definition's empty state (e.g. an action only some readers may take) */
  empty?: { text: WidgetText; action?: WidgetLinkInput | null } | null;
};

export type WidgetDefinition = {
  /** `module.name`, lower case: stable, used by GET /workbench/widgets/{id} */
  id: string;
  kind: WidgetKind;
  title: WidgetText;
  /** permission code the reader needs to see the widget; null: every signed-in user */
  permission: string | null;
  /** position on the page, ascending */
  order: number;
  /** time this widget may take, capped by the workbench's budget */
  timeoutMs?: number;
  /** what an empty widget says and offers; `load` may override it */
  empty?: { text: WidgetText; action?: WidgetLinkInput | null };
  load(ctx: WidgetLoadContext): Promise<WidgetData>;
};

export type RegisterWidget = (widget: WidgetDefinition) => void;
