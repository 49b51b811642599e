/**
 * The home workbench (工作台): what GET /api/v1/workbench answers and the PWA renders. Each widget
 * is registered by a module in the API; the PWA renders any widget from these fields alone, so a
 * module that lands later adds its widget without a PWA change.
 */

/** How the PWA lays a widget out: a to-do list with a count, a time-ordered feed, or notices (alerts). */
export const WIDGET_KINDS = ["todo", "feed", "notices"] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

export const WIDGET_TONES = ["info", "success", "warning", "danger"] as const;
export type WidgetTone = (typeof WIDGET_TONES)[number];

/** At most this many items per widget (more are summed up in `count` and behind `more`). */
export const WIDGET_MAX_ITEMS = 5;

/** A link inside the app (a path starting with one "/"), with its label in the caller's language. */
export type WidgetLink = { label: string; href: string };

export type WidgetItem = {
  title: string;
  subtitle: string | null;
  /** in-app path; null: nothing to open (e.g. the reader may not see the page behind it) */
  href: string | null;
  /** ISO-8601 instant the item is about (created, due, last seen) */
  at: string | null;
  tone: WidgetTone | null;
};

/** One widget as the caller sees it: loaded (`ok`), or failed on its own (`error`) without failing the page. */
export type WidgetView = {
  id: string;
  kind: WidgetKind;
  title: string;
  order: number;
  status: "ok" | "error";
  /** how many things there are in all (items holds the first five); null when failed */
  count: number | null;
  items: WidgetItem[];
  /** "view all" */
  more: WidgetLink | null;
  /** shown when there are no items: what it means and what to do */
  empty: { text: string; action: WidgetLink | null } | null;
  /** why it failed (a reason code and its message in the caller's language) */
  error: { reason: string; message: string; retryable: boolean } | null;
  loaded_at: string;
};

export type WorkbenchView = { widgets: WidgetView[]; generated_at: string };
