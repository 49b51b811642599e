import type { Actor, Locale } from "@ops/shared";
import type { Report } from "@ops/shared/contracts/reports.ts";
import { t } from "@ops/shared";
import type { ReportsDeps } from "../reports.deps.ts";
import type { ReportReader } from "../ports.ts";

/** What exports/ and subscriptions/ need: the module's deps plus the report reader (reports/). */
export type DeliveryDeps = ReportsDeps & { reader: ReportReader };

export const EXPORTS_QUEUE = "reports.exports";
export const DELIVERY_QUEUE = "reports.deliveries";
export const EXPORT_KEEP_DAYS = 7;

/** "2026-12-04 20:15" in the viewer's zone (Asia/Shanghai by default), as the watermark shows it. */
export function localTime(at: Date, timeZone = "Asia/Shanghai"): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).formatToParts(at);
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? "";
  return `${p("year")}-${p("month")}-${p("day")} ${p("hour") === "24" ? "00" : p("hour")}:${p("minute")}`;
}

/** The viewer and time drawn into exports and images ("导出人 李娜 导出时间 2026-12-04 20:15"). */
export function watermarkOf(actor: Actor, at: Date, locale: Locale = actor.locale): string {
  const name = actor.kind === "user" ? `${actor.displayName} (${actor.username})` : `system:${actor.reason}`;
  return t(locale, "reports.delivery.watermark", { name, at: localTime(at) });
}

/** Query parameters of a request minus the route's own (format, page …): repeated keys become lists. */
export function paramsOf(query: Record<string, string[]>, skip: string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, values] of Object.entries(query)) {
    if (skip.includes(k) || !values.length) continue;
    out[k] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/** "region=华东 · month=2026-11" */
export function paramsText(params: Record<string, string | string[]>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`).join(" · ");
}

const joined = (v: string | string[], locale: Locale) => (Array.isArray(v) ? v.join(locale === "en" ? ", " : "、") : v);

/**
 * "2026-11-06 ~ 2026-12-05 · 大区 华东": the date range control's dates first, then each other control as its label and
 * value (a static option's label), then parameters no control covers as name=value.
 */
export function periodOf(report: Report, used: Record<string, string | string[]>, locale: Locale): string {
  const parts: string[] = [];
  const covered = new Set<string>();
  for (const c of report.controls.filter((x) => x.type === "daterange" && x.params)) {
    const [from, to] = c.params!.map((p) => used[p]);
    c.params!.forEach((p) => covered.add(p));
    if (typeof from === "string" && typeof to === "string") parts.push(`${from} ~ ${to}`);
  }
  for (const c of report.controls.filter((x) => x.type !== "daterange" && x.param)) {
    covered.add(c.param!);
    const v = used[c.param!];
    if (v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    const labelOf = (x: string) => c.options?.static?.find((o) => o.value === x)?.label ?? x;
    parts.push(`${c.label} ${joined(Array.isArray(v) ? v.map(labelOf) : labelOf(v), locale)}`);
  }
  const rest = Object.fromEntries(Object.entries(used).filter(([k]) => !covered.has(k)));
  return [...parts, paramsText(rest)].filter(Boolean).join(" · ");
}
