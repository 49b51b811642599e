import type { ConfigField } from "@ops/shared/contracts/config.ts";

/**
 * A config record as the form edits it and as the API takes it. The draft holds what the inputs
 * show (numbers and JSON as text, datetimes as local `YYYY-MM-DDTHH:mm`); `toValues` turns it back
 * into API values and names the problems only the browser can see (JSON that does not parse), so
 * everything else is left to the server's checks and lands under the same input (`values.<key>`).
 */
export type Draft = Record<string, unknown>;

/** What the API answers for a secret text field that holds a value (the stored value never comes back). */
export const SECRET_MASK = "••••••";

const pad = (n: number) => String(n).padStart(2, "0");

/** ISO instant → the value of a datetime-local input, in the browser's zone. */
export function isoToLocal(iso: unknown): string {
  if (typeof iso !== "string" || !iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function localToIso(local: string): string {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/** A secret field's value as the API answers it: the mask, or `{secret: true, set}`. */
export function secretIsSet(v: unknown): boolean {
  if (v === SECRET_MASK) return true;
  return typeof v === "object" && v !== null && (v as { set?: unknown }).set === true;
}

/** One field's value → what its input shows. */
export function draftValue(f: ConfigField, v: unknown): unknown {
  if (v === undefined || v === null) {
    if (f.default !== undefined && f.default !== null) return draftValue(f, f.default);
    if (f.type === "switch") return false;
    if (f.type === "multiselect") return [];
    return "";
  }
  switch (f.type) {
    case "json":
      return typeof v === "string" ? v : JSON.stringify(v, null, 2);
    case "datetime":
      return isoToLocal(v);
    case "switch":
      return v === true;
    case "multiselect":
      return Array.isArray(v) ? v.map(String) : [];
    case "text":
      return f.secret && secretIsSet(v) ? SECRET_MASK : String(v);
    default:
      return typeof v === "object" ? JSON.stringify(v) : String(v);
  }
}

export function emptyDraft(fields: ConfigField[]): Draft {
  return Object.fromEntries(fields.map((f) => [f.key, draftValue(f, undefined)]));
}

export function draftOf(fields: ConfigField[], values: Record<string, unknown>): Draft {
  return Object.fromEntries(fields.map((f) => [f.key, draftValue(f, values[f.key])]));
}

/** A JSON field's text that does not parse (the error under the editor before anything is sent). */
export function jsonProblem(text: string): string | null {
  if (!text.trim()) return null;
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** One input's value → the API's. Empty inputs are null (the server names a required one). */
function apiValue(f: ConfigField, v: unknown): unknown {
  if (f.type === "switch") return v === true;
  if (f.type === "multiselect") return Array.isArray(v) ? v : [];
  const s = typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
  if (s.trim() === "") return null;
  switch (f.type) {
    case "number": {
      const n = Number(s);
      // not a number: sent as typed so the server's message names the field
      return Number.isFinite(n) ? n : s;
    }
    case "json":
      return JSON.parse(s);
    case "datetime":
      return localToIso(s);
    default:
      return s;
  }
}

/**
 * The draft as API values. `before` (an edit): only the fields whose value changed are sent
 * (a secret left as the mask is never sent). `problems` are keyed `values.<key>`.
 */
export function toValues(fields: ConfigField[], draft: Draft, before?: Draft): { values: Record<string, unknown>; problems: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const f of fields) {
    const v = draft[f.key];
    if (before && JSON.stringify(before[f.key]) === JSON.stringify(v)) continue;
    if (f.type === "json" && typeof v === "string") {
      const bad = jsonProblem(v);
      if (bad) {
        problems[`values.${f.key}`] = bad;
        continue;
      }
    }
    if (f.secret && v === SECRET_MASK) continue;
    values[f.key] = apiValue(f, v);
  }
  return { values, problems };
}

/** Plain text of an HTML value (lists show rich text this way; parsing in an inert document runs nothing). */
export function htmlText(html: string): string {
  return new DOMParser().parseFromString(html, "text/html").body.textContent?.trim() ?? "";
}

/** A value as one line of a list cell. `label` names select options; booleans use the caller's words. */
export function displayValue(f: ConfigField, v: unknown, words: { yes: string; no: string; secret: string; unset?: string }): string {
  // a secret says only whether it is set (the value never comes back)
  if (f.secret) return secretIsSet(v) ? words.secret : words.unset ?? "—";
  if (v === undefined || v === null || v === "") return "—";
  const opt = (x: unknown) => f.options?.find((o) => o.value === x)?.label ?? String(x);
  switch (f.type) {
    case "switch":
      return v === true ? words.yes : words.no;
    case "select":
      return opt(v);
    case "multiselect":
      return Array.isArray(v) ? v.map(opt).join("、") : String(v);
    case "richtext":
      return typeof v === "string" ? htmlText(v) : "—";
    case "datetime":
      return typeof v === "string" ? isoToLocal(v).replace("T", " ") : String(v);
    case "json":
      return JSON.stringify(v);
    default:
      return typeof v === "object" ? JSON.stringify(v) : String(v);
  }
}
