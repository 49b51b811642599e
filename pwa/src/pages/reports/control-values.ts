import type { DatePreset, ParamValues, ReportControl } from "../../data/reports.ts";

/**
 * Control values live in the URL (`/reports/sales-by-city?region=华东&city=上海&date=last_30_days`), so a
 * link, a reload, a share and a drill-through open the same view. Keys are control names; a drill-through
 * may name a control's dataset parameter instead, which counts as that control. Lists are comma-joined;
 * a date range is `from,to` or a preset name.
 */
export const RESERVED = new Set(["page", "sort", "share", "lang"]);

const text = (v: unknown): string => (typeof v === "string" ? v : Array.isArray(v) ? v.filter((x) => typeof x === "string").join(",") : "");

export function isPreset(v: string): v is DatePreset {
  return ["today", "yesterday", "last_7_days", "last_30_days", "this_week", "this_month", "last_month", "this_quarter", "this_year"].includes(v);
}

/** The controls' values from the URL's search params (unknown keys left out). */
export function valuesFromUrl(controls: ReportControl[], search: Record<string, unknown>): ParamValues {
  const out: ParamValues = {};
  for (const c of controls) {
    let raw = text(search[c.name]);
    if (!raw && c.param) raw = text(search[c.param]);
    if (!raw && c.params) {
      const [from, to] = [text(search[c.params[0]]), text(search[c.params[1]])];
      if (from || to) raw = `${from},${to}`;
    }
    if (!raw) continue;
    out[c.name] = c.type === "multiselect" ? raw.split(",").filter(Boolean) : raw;
  }
  return out;
}

/** The URL's keys for these values: every control key set or cleared, other keys left alone. */
export function urlOf(controls: ReportControl[], values: ParamValues): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const c of controls) {
    const v = values[c.name];
    out[c.name] = Array.isArray(v) ? v.join(",") || undefined : v || undefined;
    if (c.param && c.param !== c.name) out[c.param] = undefined;
    if (c.params) for (const p of c.params) out[p] = undefined;
  }
  return out;
}

/**
 * What the data route takes: each control's value under its name and, so either reading works, under the
 * dataset parameter it feeds (a date range as its two parameters).
 */
export function apiParams(controls: ReportControl[], values: ParamValues): ParamValues {
  const out: ParamValues = {};
  for (const c of controls) {
    const v = values[c.name];
    if (v === undefined || (Array.isArray(v) ? v.length === 0 : v === "")) continue;
    if (c.type === "daterange" && typeof v === "string" && !isPreset(v)) {
      const [from, to] = v.split(",");
      // a custom range still being entered (one end set) is no filter yet: the API refuses half a range
      if (!from || !to) continue;
      if (c.params) [out[c.params[0]], out[c.params[1]]] = [from, to];
    }
    out[c.name] = v;
  }
  return out;
}

/** The controls downstream of `name` (any depth): their values are cleared when it changes. */
export function dependants(controls: ReportControl[], name: string): string[] {
  const out: string[] = [];
  const walk = (parent: string) => {
    for (const c of controls) if (c.depends_on === parent && !out.includes(c.name)) {
      out.push(c.name);
      walk(c.name);
    }
  };
  walk(name);
  return out;
}

/** The values of a control's ancestors (what its options route filters on). */
export function parentValues(controls: ReportControl[], control: ReportControl, values: ParamValues): ParamValues {
  const out: ParamValues = {};
  let parent = control.depends_on ? controls.find((c) => c.name === control.depends_on) : undefined;
  while (parent) {
    const v = values[parent.name];
    if (v !== undefined) out[parent.name] = v;
    parent = parent.depends_on ? controls.find((c) => c.name === parent!.depends_on) : undefined;
  }
  return out;
}
