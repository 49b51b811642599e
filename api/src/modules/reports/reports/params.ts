import type { FieldError } from "@ops/shared";
import { DATE_PRESETS, type Dataset, type DatePreset, type ReportControl } from "@ops/shared/contracts/reports.ts";
import { invalid } from "../reports.errors.ts";
import { presetRange } from "./dates.ts";
import type { ReportDef } from "./store.ts";

export type RawParams = Record<string, string | string[]>;
export type Params = Record<string, string | string[]>;

const isPreset = (v: unknown): v is DatePreset => typeof v === "string" && (DATE_PRESETS as readonly string[]).includes(v);
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
/** A list from repeated keys or one comma-separated value. */
const list = (v: string | string[]) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean);

/** What the caller gave for a control: its own name, else its dataset parameter, else the default. */
export function rawValue(c: ReportControl, raw: RawParams): string | string[] | undefined {
  const given = raw[c.name] ?? (c.param ? raw[c.param] : undefined);
  if (given !== undefined && !(typeof given === "string" && given === "")) return given;
  return c.default;
}

/** A control's values as option values (selects), or null when it has none. */
export function selectedValues(c: ReportControl, raw: RawParams): string[] | null {
  const v = rawValue(c, raw);
  if (v === undefined) return null;
  const values = c.type === "multiselect" ? list(v) : [first(v) ?? ""].filter(Boolean);
  return values.length ? values : null;
}

function dateRange(c: ReportControl, raw: RawParams, today: string, errors: FieldError[]): [string, string] | null {
  const [fromName, toName] = c.params!;
  const from = first(raw[fromName]);
  const to = first(raw[toName]);
  if (from || to) return from && to ? [from, to] : (errors.push({ field: c.name, message: "reports.def.daterange_incomplete" }), null);
  const own = raw[c.name] ?? c.default;
  if (own === undefined || own === "") return null;
  if (isPreset(own)) return presetRange(own, today);
  const pair = Array.isArray(own) ? own : own.split(/,|\.\./);
  if (pair.length !== 2) {
    errors.push({ field: c.name, message: "reports.def.bad_date_range", params: { value: String(own) } });
    return null;
  }
  return [pair[0]!.trim(), pair[1]!.trim()];
}

/**
 * Controls → dataset parameters: the caller's values (by control name or parameter name), else defaults; date presets
 * resolved against `today` (the viewer's calendar); a date range fills both its parameters. Parameters no control
 * covers pass through when the dataset declares them. Values are bound by the runner, never spliced.
 */
export function resolveParams(report: ReportDef, dataset: Dataset, raw: RawParams, today: string): Params {
  const errors: FieldError[] = [];
  const out: Params = {};
  const declared = new Map(dataset.params.map((p) => [p.name, p]));
  for (const c of report.controls) {
    if (c.type === "daterange" && c.params) {
      const range = dateRange(c, raw, today, errors);
      if (range) [out[c.params[0]], out[c.params[1]]] = range;
      else if (c.required) errors.push({ field: c.name, message: "reports.def.control_required", params: { label: c.label } });
      continue;
    }
    if (!c.param) continue;
    let v = rawValue(c, raw);
    if (c.type === "date" && isPreset(first(v))) v = presetRange(first(v) as DatePreset, today)[0];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) {
      if (c.required) errors.push({ field: c.name, message: "reports.def.control_required", params: { label: c.label } });
      continue;
    }
    const listParam = declared.get(c.param)?.type.endsWith("_list") || c.type === "multiselect";
    out[c.param] = listParam ? list(v) : (first(v) ?? "");
  }
  for (const [name, value] of Object.entries(raw)) {
    if (declared.has(name) && out[name] === undefined) out[name] = value;
  }
  if (errors.length) throw invalid(errors);
  return out;
}

/** Parameters in a stable order (cache keys). */
export function normalizedParams(params: Params): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}
