import type { FieldError } from "@ops/shared";
import type { DatasetParam, ParamType, ReportValueType } from "@ops/shared/contracts/reports.ts";
import type { SourceDialect } from "../ports.ts";
import { invalid } from "../reports.errors.ts";

/** A parameter's value after validation: a scalar (or null) or a list, with the value type placeholders carry. */
export type ParamValue = { list: false; value: unknown; type: ReportValueType } | { list: true; values: unknown[]; type: ReportValueType };

const MAX_LIST = 1_000;
const MAX_TEXT = 4_000;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** a date alone is its midnight (UTC) */
const DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

export const valueTypeOf = (t: ParamType): ReportValueType => (t === "string_list" ? "string" : t === "number_list" ? "number" : t);

/**
 * Validates and converts the caller's parameter values against the dataset's declared parameters: defaults fill the
 * missing ones, a missing required one is a 400 naming `params.<name>`, and every error is reported at once.
 * Values the dataset does not declare are ignored (controls may send more than one dataset uses). `probe` (reading a
 * dataset's columns when it is saved): a missing required parameter is NULL instead.
 */
export function resolveParams(
  declared: DatasetParam[], given: Record<string, string | string[] | undefined>, dialect: SourceDialect, options: { probe?: boolean } = {},
): Map<string, ParamValue> {
  const out = new Map<string, ParamValue>();
  const errors: FieldError[] = [];
  for (const p of declared) {
    let raw = given[p.name];
    if (raw === undefined || raw === "" || (Array.isArray(raw) && raw.length === 0 && !isList(p.type))) raw = p.default;
    if (raw === undefined || raw === "") {
      if (p.required && !options.probe) errors.push({ field: `params.${p.name}`, message: "reports.param_required", params: { name: p.name } });
      else out.set(p.name, isList(p.type) ? { list: true, values: [], type: valueTypeOf(p.type) } : { list: false, value: null, type: valueTypeOf(p.type) });
      continue;
    }
    try {
      out.set(p.name, convert(p, raw, dialect));
    } catch {
      errors.push({ field: `params.${p.name}`, message: "reports.param_invalid", params: { name: p.name, type: p.type } });
    }
  }
  if (errors.length) throw invalid(errors);
  return out;
}

const isList = (t: ParamType) => t === "string_list" || t === "number_list";

function convert(p: DatasetParam, raw: string | string[], dialect: SourceDialect): ParamValue {
  const type = valueTypeOf(p.type);
  if (isList(p.type)) {
    const items = (Array.isArray(raw) ? raw : raw.split(",")).map((s) => s.trim()).filter((s) => s !== "");
    if (items.length > MAX_LIST) throw new Error("too many");
    return { list: true, values: items.map((s) => scalar(type, s, dialect)), type };
  }
  if (Array.isArray(raw)) {
    if (raw.length !== 1) throw new Error("one value expected");
    raw = raw[0]!;
  }
  return { list: false, value: scalar(type, raw, dialect), type };
}

/** One text value as the type's value; throws when it is not one. */
export function scalar(type: ReportValueType, raw: string, dialect: SourceDialect): unknown {
  const s = raw.trim();
  switch (type) {
    case "string":
      if (raw.length > MAX_TEXT) throw new Error("too long");
      return raw;
    case "number":
      if (!NUMBER.test(s) || !Number.isFinite(Number(s))) throw new Error("not a number");
      return Number(s);
    case "boolean":
      if (TRUE.has(s.toLowerCase())) return true;
      if (FALSE.has(s.toLowerCase())) return false;
      throw new Error("not a boolean");
    case "date": {
      const m = DATE.exec(s);
      const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : null;
      if (!d || d.toISOString().slice(0, 10) !== s) throw new Error("not a date");
      return s;
    }
    case "datetime": {
      if (!DATETIME.test(s)) throw new Error("not a datetime");
      const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(s);
      const full = s.length === 10 ? `${s}T00:00` : s.replace(" ", "T");
      const ms = Date.parse(hasZone ? full : `${full}Z`);
      if (!Number.isFinite(ms)) throw new Error("not a datetime");
      const iso = new Date(ms).toISOString();
      // MariaDB and ClickHouse read neither the T nor the zone: UTC wall time.
      return dialect === "mysql" || dialect === "clickhouse" ? iso.slice(0, 23).replace("T", " ") : iso;
    }
  }
}
