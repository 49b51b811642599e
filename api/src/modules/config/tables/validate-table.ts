import type { FieldError } from "@ops/shared";
import { CONFIG_FIELD_KEY_PATTERN, CONFIG_NAME_PATTERN, type ConfigField, type ConfigTable } from "@ops/shared/contracts/config.ts";
import type { Db } from "../../../platform/db/db.ts";
import { compileSchema } from "../validation/index.ts";

const BOUNDED = new Set(["number", "decimal"]);
const LENGTHED = new Set(["text", "textarea", "code", "richtext"]);
const PATTERNED = new Set(["text", "textarea"]);

/** Words of the config paths a table name would shadow (`/config/tables/{table}`, `/config/change-sets/{id}` beside `/config/{table}/published`). */
const RESERVED_NAMES = new Set(["tables", "change-sets"]);

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

export type TableDraft = Pick<ConfigTable, "name" | "fields" | "key_field" | "read_roles" | "write_roles" | "owner_department_id" | "subscribers">;

/** What one field's props mean together (errors at fields[i].<prop>). */
function fieldProblems(f: ConfigField, i: number, seen: Set<string>): FieldError[] {
  const at = (prop: string, message: string, params?: Record<string, unknown>): FieldError => ({ field: `fields[${i}].${prop}`, message, params });
  const out: FieldError[] = [];
  if (!CONFIG_FIELD_KEY_PATTERN.test(f.key)) out.push(at("key", "config.table.field_key_format"));
  else if (seen.has(f.key)) out.push(at("key", "config.table.field_key_taken", { key: f.key }));
  seen.add(f.key);
  if ((f.type === "select" || f.type === "multiselect")) {
    if (!f.options?.length) out.push(at("options", "config.table.options_required"));
    else if (new Set(f.options.map((o) => o.value)).size !== f.options.length) out.push(at("options", "config.table.options_unique"));
  } else if (f.options) out.push(at("options", "config.table.prop_not_for_type", { prop: "options", type: f.type }));
  if ((f.min !== undefined || f.max !== undefined) && !BOUNDED.has(f.type)) out.push(at(f.min !== undefined ? "min" : "max", "config.table.prop_not_for_type", { prop: "min/max", type: f.type }));
  if (f.min !== undefined && f.max !== undefined && f.min > f.max) out.push(at("min", "config.table.min_over_max"));
  if ((f.min_length !== undefined || f.max_length !== undefined) && !LENGTHED.has(f.type)) out.push(at("max_length", "config.table.prop_not_for_type", { prop: "min_length/max_length", type: f.type }));
  if (f.min_length !== undefined && f.max_length !== undefined && f.min_length > f.max_length) out.push(at("min_length", "config.table.min_over_max"));
  if (f.regex !== undefined) {
    if (!PATTERNED.has(f.type)) out.push(at("regex", "config.table.prop_not_for_type", { prop: "regex", type: f.type }));
    else {
      try {
        new RegExp(f.regex, "u");
      } catch (e) {
        out.push(at("regex", "config.table.regex_invalid", { problem: e instanceof Error ? e.message : String(e) }));
      }
    }
  }
  if (f.scale !== undefined && f.type !== "decimal") out.push(at("scale", "config.table.prop_not_for_type", { prop: "scale", type: f.type }));
  if (f.json_schema !== undefined) {
    if (f.type !== "json") out.push(at("json_schema", "config.table.prop_not_for_type", { prop: "json_schema", type: f.type }));
    else {
      const compiled = compileSchema(f.json_schema);
      if ("error" in compiled) out.push(at("json_schema", "config.table.schema_invalid", { problem: compiled.error }));
    }
  }
  if (f.type === "reference" && !f.reference) out.push(at("reference", "config.table.reference_required"));
  if (f.reference && f.type !== "reference") out.push(at("reference", "config.table.prop_not_for_type", { prop: "reference", type: f.type }));
  if (f.secret && f.type !== "text") out.push(at("secret", "config.table.secret_text_only"));
  if (f.secret && f.unique) out.push(at("unique", "config.table.secret_not_unique"));
  return out;
}

/**
 * The metadata of a table, checked whole: field keys well-formed and unique, type-specific props only where they
 * mean something, bounds in order, regexes and JSON Schemas that compile, references to live tables, the key
 * field a required and unique text or number field, roles, department and subscribers that exist.
 */
export async function tableProblems(db: Db, draft: TableDraft, opts: { creating: boolean }): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (opts.creating && !CONFIG_NAME_PATTERN.test(draft.name)) errors.push({ field: "name", message: "config.table.name_format" });
  else if (opts.creating && RESERVED_NAMES.has(draft.name)) errors.push({ field: "name", message: "config.table.name_reserved", params: { name: draft.name } });
  const seen = new Set<string>();
  draft.fields.forEach((f, i) => errors.push(...fieldProblems(f, i, seen)));
  const keyIndex = draft.fields.findIndex((f) => f.key === draft.key_field);
  const key = draft.fields[keyIndex];
  if (!key) errors.push({ field: "key_field", message: "config.table.key_field_unknown", params: { key: draft.key_field } });
  else if (!["text", "number"].includes(key.type) || !key.required || !key.unique || key.secret) {
    errors.push({ field: "key_field", message: "config.table.key_field_kind" });
  }
  for (const [i, f] of draft.fields.entries()) {
    if (!f.reference || f.reference.table === draft.name) continue;
    const other = await db.get("SELECT id FROM config_tables WHERE name = ? AND deleted_at IS NULL", [f.reference.table]);
    if (!other) errors.push({ field: `fields[${i}].reference`, message: "config.table.reference_unknown", params: { table: f.reference.table } });
  }
  for (const prop of ["read_roles", "write_roles"] as const) {
    const codes = [...new Set(draft[prop])];
    if (!codes.length) continue;
    const found = new Set((await db.all<{ code: string }>(`SELECT code FROM roles WHERE code IN (${marks(codes.length)})`, codes)).map((r) => r.code));
    const missing = codes.filter((c) => !found.has(c));
    if (missing.length) errors.push({ field: prop, message: "config.table.role_unknown", params: { roles: missing.join(", ") } });
  }
  if (draft.owner_department_id) {
    const dept = await db.get("SELECT id FROM departments WHERE id = ?", [draft.owner_department_id]);
    if (!dept) errors.push({ field: "owner_department_id", message: "config.table.department_unknown" });
  }
  const people = [...new Set(draft.subscribers)];
  if (people.length) {
    const found = new Set((await db.all<{ id: string }>(`SELECT id FROM users WHERE id IN (${marks(people.length)}) AND deleted_at IS NULL`, people)).map((r) => r.id));
    if (people.some((p) => !found.has(p))) errors.push({ field: "subscribers", message: "config.table.subscriber_unknown" });
  }
  return errors;
}
