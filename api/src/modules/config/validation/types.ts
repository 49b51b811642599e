import type { ConfigField } from "@ops/shared/contracts/config.ts";
import { sanitizeRichtext } from "./richtext.ts";
import { schemaProblem } from "./json-schema.ts";

/** A problem with one value: a message key of config.messages.ts and its params. */
export type ValueProblem = { message: string; params?: Record<string, unknown> };
export type Checked = { value: unknown } | { problem: ValueProblem };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DECIMAL = /^-?\d+(\.(\d+))?$/;
const TRUE = new Set(["true", "1", "yes", "y", "on", "是", "开", "启用"]);
const FALSE = new Set(["false", "0", "no", "n", "off", "否", "关", "停用"]);

export const isEmpty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

const bad = (message: string, params?: Record<string, unknown>): Checked => ({ problem: { message, params } });

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * The type check of one non-empty value, and its normal form (what is stored). Lenient where a value typed in a
 * CSV cell or a chat command is unambiguous: "12" for a number, "是"/"true" for a switch, "a,b" for a multiselect,
 * a JSON text for a json field. Cross-record rules (unique, reference, user, image) are checked by the batch.
 */
export function checkType(field: ConfigField, raw: unknown): Checked {
  switch (field.type) {
    case "text": case "textarea": case "code": {
      if (typeof raw === "number" || typeof raw === "boolean") return { value: String(raw) };
      if (typeof raw !== "string") return bad("config.value.text");
      if (field.type === "text" && /[\r\n]/.test(raw)) return bad("config.value.single_line");
      return { value: raw };
    }
    case "richtext": {
      if (typeof raw !== "string") return bad("config.value.text");
      return { value: sanitizeRichtext(raw) };
    }
    case "number": {
      const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw.trim()) : raw;
      if (typeof n !== "number" || !Number.isFinite(n)) return bad("config.value.number");
      return { value: n };
    }
    case "decimal": {
      const s = typeof raw === "number" && Number.isFinite(raw) ? String(raw) : typeof raw === "string" ? raw.trim() : null;
      const m = s === null ? null : DECIMAL.exec(s);
      if (!m || s === null) return bad("config.value.decimal");
      const scale = field.scale ?? 2;
      const digits = m[2]?.length ?? 0;
      if (digits > scale) return bad("config.value.decimal_scale", { scale });
      // kept with exactly `scale` digits: "0.035" with scale 4 is "0.0350"
      const [whole, frac = ""] = s.split(".");
      return { value: scale === 0 ? whole! : `${whole}.${frac.padEnd(scale, "0")}` };
    }
    case "switch": {
      if (typeof raw === "boolean") return { value: raw };
      const s = String(raw).trim().toLowerCase();
      if (TRUE.has(s)) return { value: true };
      if (FALSE.has(s)) return { value: false };
      return bad("config.value.switch");
    }
    case "date": {
      if (typeof raw !== "string" || !validDate(raw.trim())) return bad("config.value.date");
      return { value: raw.trim() };
    }
    case "datetime": {
      if (typeof raw !== "string" || !DATETIME.test(raw.trim()) || Number.isNaN(Date.parse(raw.trim()))) return bad("config.value.datetime");
      return { value: new Date(Date.parse(raw.trim())).toISOString() };
    }
    case "select": {
      const s = typeof raw === "number" ? String(raw) : raw;
      if (typeof s !== "string" || !(field.options ?? []).some((o) => o.value === s)) return bad("config.value.option", { value: String(raw) });
      return { value: s };
    }
    case "multiselect": {
      const list = typeof raw === "string" ? raw.split(",").map((x) => x.trim()).filter(Boolean) : raw;
      if (!Array.isArray(list) || list.some((x) => typeof x !== "string")) return bad("config.value.options");
      const unknown = (list as string[]).find((x) => !(field.options ?? []).some((o) => o.value === x));
      if (unknown !== undefined) return bad("config.value.option", { value: unknown });
      return { value: [...new Set(list as string[])] };
    }
    case "user": case "image": case "reference": {
      if (typeof raw !== "string" || raw.trim() === "") return bad("config.value.text");
      return { value: raw.trim() };
    }
    case "json": {
      let value = raw;
      if (typeof raw === "string") {
        try {
          value = JSON.parse(raw);
        } catch {
          return bad("config.value.json");
        }
      }
      if (field.json_schema) {
        const problem = schemaProblem(field.json_schema, value);
        if (problem) return bad("config.value.json_schema", { problem });
      }
      return { value };
    }
  }
}

/** Bounds, lengths and the regex over a value of the right type. */
export function checkRules(field: ConfigField, value: unknown): ValueProblem | null {
  if (field.type === "number" || field.type === "decimal") {
    const n = Number(value);
    // a number field with scale 0 (the system tables' counts and ports) takes whole numbers only
    if (field.type === "number" && field.scale === 0 && !Number.isInteger(n)) return { message: "config.value.integer" };
    if (field.min !== undefined && n < field.min) return { message: "config.value.min", params: { min: field.min } };
    if (field.max !== undefined && n > field.max) return { message: "config.value.max", params: { max: field.max } };
  }
  if (typeof value === "string" && ["text", "textarea", "code", "richtext"].includes(field.type)) {
    const length = Array.from(value).length;
    if (field.min_length !== undefined && length < field.min_length) return { message: "config.value.min_length", params: { min: field.min_length } };
    if (field.max_length !== undefined && length > field.max_length) return { message: "config.value.max_length", params: { max: field.max_length } };
    if (field.regex && !new RegExp(field.regex, "u").test(value)) {
      return field.regex_message ? { message: "config.value.regex_custom", params: { message: field.regex_message } } : { message: "config.value.regex", params: { regex: field.regex } };
    }
  }
  return null;
}
