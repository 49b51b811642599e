import { AppError, isAppError, t, type Locale, type UserActor } from "@ops/shared";
import { WIDGET_MAX_ITEMS, WIDGET_TONES, type WidgetItem, type WidgetView } from "@ops/shared/contracts/workbench.ts";
import type { Logger } from "../../platform/logger.ts";
import type { WidgetData, WidgetDefinition, WidgetItemInput } from "./workbench.contract.ts";
import { inAppHref, widgetLink, widgetText } from "./workbench.text.ts";

export type LoadOptions = { actor: UserActor; locale: Locale; now: Date; budgetMs: number; logger: Logger };

/**
 * Loads one widget within its time budget. Whatever goes wrong (a throw, a timeout, a malformed
 * answer) becomes this widget's error state: the page around it still loads.
 */
export async function loadWidget(def: WidgetDefinition, o: LoadOptions): Promise<WidgetView> {
  const controller = new AbortController();
  const budget = Math.min(def.timeoutMs ?? o.budgetMs, o.budgetMs);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AppError("workbench.widget_timeout", { status: 504, expose: true, retryable: true }));
    }, budget);
  });
  try {
    const data = await Promise.race([def.load({ actor: o.actor, locale: o.locale, now: o.now, signal: controller.signal }), timeout]);
    return okView(def, data, o);
  } catch (e) {
    return errorView(def, e, o);
  } finally {
    clearTimeout(timer);
  }
}

function okView(def: WidgetDefinition, data: WidgetData, o: LoadOptions): WidgetView {
  if (!data || !Array.isArray(data.items) || !Number.isFinite(data.count)) throw new Error(`widget ${def.id} answered no count or items`);
  const items = data.items.slice(0, WIDGET_MAX_ITEMS).map(toItem);
  const empty = data.empty === undefined ? def.empty : data.empty;
  return {
    ...head(def, o),
    status: "ok",
    count: Math.max(Math.floor(data.count), data.items.length, 0),
    items,
    more: widgetLink(o.locale, data.more),
    empty: empty ? { text: widgetText(o.locale, empty.text), action: widgetLink(o.locale, empty.action) } : null,
    error: null,
  };
}

function errorView(def: WidgetDefinition, e: unknown, o: LoadOptions): WidgetView {
  const known = isAppError(e) && e.expose;
  const reason = known ? e.code : "workbench.widget_failed";
  if (reason === "workbench.widget_timeout") o.logger.warn("workbench widget timed out", { widget: def.id });
  else if (!known) o.logger.error("workbench widget failed", { widget: def.id, err: e });
  return {
    ...head(def, o),
    status: "error",
    count: null,
    items: [],
    more: null,
    empty: null,
    error: { reason, message: t(o.locale, reason, known ? e.params : {}), retryable: known ? e.retryable || reason === "workbench.widget_timeout" : true },
  };
}

const head = (def: WidgetDefinition, o: LoadOptions) => ({
  id: def.id,
  kind: def.kind,
  title: widgetText(o.locale, def.title),
  order: def.order,
  loaded_at: o.now.toISOString(),
});

function toItem(i: WidgetItemInput): WidgetItem {
  return {
    title: String(i.title),
    subtitle: i.subtitle ?? null,
    href: inAppHref(i.href),
    at: i.at ?? null,
    tone: i.tone && WIDGET_TONES.includes(i.tone) ? i.tone : null,
  };
}
