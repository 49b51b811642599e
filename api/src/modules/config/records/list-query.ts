import { CONFIG_FIELD_KEY_PATTERN, type ConfigTable } from "@ops/shared/contracts/config.ts";
import type { Dialect } from "../../../platform/db/db.ts";
import { invalid } from "../config.errors.ts";

/**
 * The records list's search, filters and order as SQL over the JSON values (SQLite json_extract / json_type /
 * json_each, PostgreSQL ->> / jsonb functions), so a table of thousands of records is not loaded to show a page.
 * Meanings are those of the in-memory list it replaces: `q` a case-insensitive substring of the key or a text-like
 * field; `f.<field>=value` the value's text equals it (a multi-select contains it; empty: no value); sort by a
 * column or a field (numbers numerically; text in zh-CN order, which SQL collations do not give, so that order is
 * decided in JS over the matching keys only: see `sortsInJs`).
 */
export type ListSql = { where: string[]; params: unknown[] };

const TEXTUAL = new Set(["text", "textarea", "code", "richtext", "select"]);
const COLUMNS: Record<string, string> = { updated_at: "r.updated_at", created_at: "r.created_at", version: "r.version" };

/** Field keys are interpolated only after this check (identifiers, never user text). */
function safe(key: string): string {
  if (!CONFIG_FIELD_KEY_PATTERN.test(key)) throw new Error(`not a field key: ${key}`);
  return key;
}

/** The value as text (booleans true/false, numbers as written, null when missing). */
export function textOf(d: Dialect, key: string): string {
  return d === "sqlite"
    ? `CASE json_type(r.record_values, '$.${safe(key)}') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(json_extract(r.record_values, '$.${key}') AS TEXT) END`
    : `(r.record_values::jsonb ->> '${safe(key)}')`;
}

/** The value's JSON text (parsed in JS for the zh-CN order). */
export function jsonOf(d: Dialect, key: string): string {
  return d === "sqlite" ? `(r.record_values -> '$.${safe(key)}')` : `((r.record_values::jsonb -> '${safe(key)}')::text)`;
}

/** A number field's value as a number for ORDER BY (null when not a number). */
function numberOf(d: Dialect, key: string): string {
  return d === "sqlite"
    ? `CASE WHEN json_type(r.record_values, '$.${safe(key)}') IN ('integer', 'real') THEN json_extract(r.record_values, '$.${key}') END`
    : `CASE WHEN jsonb_typeof(r.record_values::jsonb -> '${safe(key)}') = 'number' THEN (r.record_values::jsonb ->> '${key}')::numeric END`;
}

const likeOf = (words: string) => `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The conditions beyond the table and the data scope. */
export function listConditions(d: Dialect, table: ConfigTable, q: string | undefined, filters: Record<string, string>): ListSql {
  const where: string[] = [];
  const params: unknown[] = [];
  const words = q?.trim().toLowerCase();
  if (words) {
    const fields = table.fields.filter((f) => TEXTUAL.has(f.type) && !f.secret);
    const parts = ["LOWER(r.record_key) LIKE ? ESCAPE '\\'", ...fields.map((f) => `LOWER(${textOf(d, f.key)}) LIKE ? ESCAPE '\\'`)];
    where.push(`(${parts.join(" OR ")})`);
    params.push(...parts.map(() => likeOf(words)));
  }
  for (const [field, want] of Object.entries(filters)) {
    const def = table.fields.find((f) => f.key === field);
    if (!def) throw invalid([{ field: `f.${field}`, message: "config.value.unknown_field", params: { field } }]);
    if (def.secret) continue;
    if (want === "") {
      where.push(`(${textOf(d, field)} IS NULL OR ${textOf(d, field)} = '')`);
    } else if (def.type === "multiselect") {
      where.push(d === "sqlite"
        ? `EXISTS (SELECT 1 FROM json_each(r.record_values, '$.${safe(field)}') j WHERE CAST(j.value AS TEXT) = ?)`
        : `EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.record_values::jsonb -> '${safe(field)}') = 'array' THEN r.record_values::jsonb -> '${field}' ELSE jsonb_build_array(r.record_values::jsonb -> '${field}') END) e(v) WHERE e.v = ?)`);
      params.push(want);
    } else {
      where.push(`${textOf(d, field)} = ?`);
      params.push(want);
    }
  }
  return { where, params };
}

export type ListOrder =
  /** SQL orders: a column or a number field, ties by key */
  | { kind: "sql"; orderBy: string }
  /** JS orders (zh-CN, numeric): the key or a text-like value, projected as `sort_value` JSON text */
  | { kind: "js"; desc: boolean; field: string; project: string };

/** The order of `sort` (default: by key). An unknown field is a 400 naming `sort`. */
export function listOrder(d: Dialect, table: ConfigTable, sort: string | undefined): ListOrder {
  if (!sort) return { kind: "sql", orderBy: "r.record_key" };
  const desc = sort.startsWith("-");
  const field = desc ? sort.slice(1) : sort;
  const dir = desc ? "DESC NULLS LAST" : "ASC NULLS FIRST";
  if (COLUMNS[field]) return { kind: "sql", orderBy: `${COLUMNS[field]} ${dir}, r.record_key` };
  if (field === "key") return { kind: "js", desc, field, project: "NULL" };
  const def = table.fields.find((f) => f.key === field);
  if (!def) throw invalid([{ field: "sort", message: "config.value.unknown_field", params: { field } }]);
  // a secret reads as the same mask on every record: the key decides, as it did in memory
  if (def.secret) return { kind: "sql", orderBy: "r.record_key" };
  if (def.type === "number") return { kind: "sql", orderBy: `${numberOf(d, field)} ${dir}, r.record_key` };
  return { kind: "js", desc, field, project: jsonOf(d, field) };
}

/** The in-memory list's comparison: numbers numerically, the rest as text in zh-CN order with numbers in it. */
export function compareValues(x: unknown, y: unknown): number {
  return typeof x === "number" && typeof y === "number" ? x - y : String(x ?? "").localeCompare(String(y ?? ""), "zh-CN", { numeric: true });
}
