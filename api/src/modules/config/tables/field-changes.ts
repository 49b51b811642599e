import type { FieldError } from "@ops/shared";
import type { ConfigField, ConfigTable } from "@ops/shared/contracts/config.ts";
import type { StoredRecord } from "../validation/index.ts";
import { checkRules, checkType, isEmpty } from "../validation/index.ts";

/** Which prop of the field made a record invalid, by the value problem's message key. */
const PROP_OF: Record<string, string> = {
  "config.value.required": "required", "config.value.option": "options", "config.value.options": "options",
  "config.value.min": "min", "config.value.max": "max", "config.value.min_length": "min_length", "config.value.max_length": "max_length",
  "config.value.regex": "regex", "config.value.regex_custom": "regex", "config.value.json_schema": "json_schema",
  "config.value.decimal_scale": "scale", "config.value.unique": "unique",
};

/**
 * New fields for a table that has records: labels, descriptions, new optional fields and added options are fine;
 * a type change, a secret switched on or off, another key field, or any rule the stored records would break is
 * refused, naming the field's prop and the first record that breaks it.
 */
export function fieldChangeProblems(before: ConfigTable, fields: ConfigField[], keyField: string, live: Map<string, StoredRecord>): FieldError[] {
  if (live.size === 0) return [];
  const errors: FieldError[] = [];
  if (keyField !== before.key_field) errors.push({ field: "key_field", message: "config.table.key_field_locked" });
  const old = new Map(before.fields.map((f) => [f.key, f]));
  for (const [i, f] of fields.entries()) {
    const was = old.get(f.key);
    if (was && was.type !== f.type) errors.push({ field: `fields[${i}].type`, message: "config.table.type_locked", params: { key: f.key } });
    if (was && Boolean(was.secret) !== Boolean(f.secret)) errors.push({ field: `fields[${i}].secret`, message: "config.table.secret_locked", params: { key: f.key } });
  }
  if (errors.length) return errors;
  for (const [i, f] of fields.entries()) {
    const seen = new Map<string, string>();
    for (const rec of live.values()) {
      const v = rec.values[f.key];
      let problem: { message: string; params?: Record<string, unknown> } | null = null;
      if (isEmpty(v)) {
        if (f.required) problem = { message: "config.value.required", params: { label: f.label } };
      } else if (!f.secret) {
        const checked = checkType(f, v);
        problem = "problem" in checked ? checked.problem : checkRules(f, checked.value);
        if (!problem && f.unique) {
          const c = JSON.stringify(v);
          if (seen.has(c)) problem = { message: "config.value.unique", params: { value: String(v) } };
          seen.set(c, rec.key);
        }
      }
      if (problem) {
        errors.push({
          field: `fields[${i}].${PROP_OF[problem.message] ?? "type"}`,
          message: "config.table.breaks_records",
          params: { key: rec.key, label: f.label, problem_key: problem.message, ...problem.params },
        });
        break;
      }
    }
  }
  return errors;
}
