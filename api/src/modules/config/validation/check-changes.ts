import type { FieldError } from "@ops/shared";
import type { ConfigChange, ConfigField, ConfigTable } from "@ops/shared/contracts/config.ts";
import { SECRET_MASK } from "../config.deps.ts";
import { checkRules, checkType, isEmpty } from "./types.ts";

/** A live record as stored: secret fields sealed. */
export type StoredRecord = { id: string; key: string; values: Record<string, unknown>; department_id: string | null; version: number; created_by: string };

/** One write the batch resolves to (values stored as they will be written, secrets sealed by `seal`). */
export type RecordOp =
  | { op: "create"; key: string; values: Record<string, unknown>; department_id: string | null }
  | { op: "update"; key: string; values: Record<string, unknown>; department_id: string | null }
  | { op: "delete"; key: string };

/** Where an error lands: `values.rate` (one record), `changes[2].values.rate` (a batch), `rows[4].rate` (an import). */
export type ErrorPaths = { value(i: number, field: string): string; key(i: number): string };
export const BATCH_PATHS: ErrorPaths = { value: (i, f) => `changes[${i}].values.${f}`, key: (i) => `changes[${i}].key` };
export const RECORD_PATHS: ErrorPaths = { value: (_i, f) => `values.${f}`, key: () => "key" };

/** What the batch asks of the store: existence of users, uploads and other tables' keys. */
export type Lookups = {
  activeUsers(ids: string[]): Promise<Set<string>>;
  uploads(tableId: string, keys: string[]): Promise<Set<string>>;
  /** live keys of another table (empty when it does not exist) */
  referenceKeys(table: string): Promise<Set<string>>;
  /** may the writer change this record (data scopes); absent: yes */
  inScope?(record: StoredRecord): boolean;
};

const canonical = (v: unknown) => JSON.stringify(v);
/** `/records/import` and `/records/export` are routes: a record with such a key could never be read by its URL. */
export const RESERVED_KEYS = new Set(["import", "export"]);
export const recordKeyOf = (v: unknown) => (typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() : "");

/**
 * Checks a batch of changes against the table's fields and the live records, all-or-nothing: every problem is
 * reported (field named, message key + params), and `ops` are what would be written. Nothing is stored here.
 */
export async function checkChanges(
  table: ConfigTable,
  live: Map<string, StoredRecord>,
  changes: ConfigChange[],
  opts: { paths: ErrorPaths; lookups: Lookups; seal(plain: string): Promise<string>; defaultDepartment: string | null },
): Promise<{ errors: FieldError[]; ops: RecordOp[] }> {
  const { paths, lookups } = opts;
  const errors: FieldError[] = [];
  const byKey = new Map(table.fields.map((f) => [f.key, f]));
  const keyField = byKey.get(table.key_field)!;
  const next = new Map<string, Record<string, unknown>>([...live].map(([k, r]) => [k, r.values]));
  const ops: RecordOp[] = [];
  /** change index → the key it touches (for unique and reference passes) */
  const touched: Array<{ i: number; key: string; values: Record<string, unknown>; provided: Set<string>; create: boolean }> = [];

  for (const [i, change] of changes.entries()) {
    if (change.op === "delete") {
      const rec = live.get(change.key);
      if (!rec || !next.has(change.key)) errors.push({ field: paths.key(i), message: "config.record_not_found", params: { key: change.key } });
      else if (lookups.inScope && !lookups.inScope(rec)) errors.push({ field: paths.key(i), message: "config.record_out_of_scope" });
      else {
        next.delete(change.key);
        ops.push({ op: "delete", key: change.key });
      }
      continue;
    }
    const given = change.values ?? {};
    let base: Record<string, unknown> = {};
    let key: string;
    let department: string | null = null;
    if (change.op === "update") {
      const rec = live.get(change.key);
      const current = next.get(change.key);
      if (!rec || !current) {
        errors.push({ field: paths.key(i), message: "config.record_not_found", params: { key: change.key } });
        continue;
      }
      if (lookups.inScope && !lookups.inScope(rec)) {
        errors.push({ field: paths.key(i), message: "config.record_out_of_scope" });
        continue;
      }
      base = current;
      key = change.key;
      department = rec.department_id;
      if (table.key_field in given && recordKeyOf(given[table.key_field]) !== key) {
        errors.push({ field: paths.value(i, table.key_field), message: "config.value.key_immutable" });
        continue;
      }
    } else {
      key = "";
      department = table.owner_department_id ? (change.department_id ?? opts.defaultDepartment) : null;
    }
    const values: Record<string, unknown> = { ...base };
    let ok = true;
    for (const name of Object.keys(given)) {
      if (!byKey.has(name)) {
        errors.push({ field: paths.value(i, name), message: "config.value.unknown_field", params: { field: name } });
        ok = false;
      }
    }
    for (const field of table.fields) {
      const has = Object.hasOwn(given, field.key);
      let raw = has ? given[field.key] : change.op === "create" ? field.default : undefined;
      if (!has && change.op === "update") continue;
      if (field.secret && raw === SECRET_MASK) {
        // the masked value written back: keep what is stored
        if (change.op === "update") continue;
        raw = undefined;
      }
      if (isEmpty(raw)) {
        values[field.key] = null;
        continue;
      }
      const checked = checkType(field, raw);
      if ("problem" in checked) {
        errors.push({ field: paths.value(i, field.key), message: checked.problem.message, params: { label: field.label, ...checked.problem.params } });
        ok = false;
        continue;
      }
      const rule = checkRules(field, checked.value);
      if (rule) {
        errors.push({ field: paths.value(i, field.key), message: rule.message, params: { label: field.label, ...rule.params } });
        ok = false;
        continue;
      }
      values[field.key] = field.secret ? await opts.seal(String(checked.value)) : checked.value;
    }
    for (const field of table.fields) {
      if (field.required && isEmpty(values[field.key]) && !errors.some((e) => e.field === paths.value(i, field.key))) {
        errors.push({ field: paths.value(i, field.key), message: "config.value.required", params: { label: field.label } });
        ok = false;
      }
    }
    if (!ok) continue;
    if (change.op === "create") {
      key = recordKeyOf(values[keyField.key]);
      if (RESERVED_KEYS.has(key.toLowerCase())) {
        errors.push({ field: paths.value(i, keyField.key), message: "config.record_key_reserved", params: { key } });
        continue;
      }
      if (next.has(key)) {
        errors.push({ field: paths.value(i, keyField.key), message: "config.value.unique", params: { label: keyField.label, value: key } });
        continue;
      }
    }
    next.set(key, values);
    touched.push({ i, key, values, provided: new Set(Object.keys(given)), create: change.op === "create" });
    ops.push({ op: change.op, key, values, department_id: department });
  }

  // unique among the live records after the whole batch (so two rows of one batch clash too)
  for (const field of table.fields.filter((f) => f.unique && f.key !== table.key_field && !f.secret)) {
    const owners = new Map<string, string[]>();
    for (const [k, v] of next) {
      if (isEmpty(v[field.key])) continue;
      const c = canonical(v[field.key]);
      owners.set(c, [...(owners.get(c) ?? []), k]);
    }
    for (const t of touched) {
      const v = t.values[field.key];
      if (isEmpty(v) || (!t.provided.has(field.key) && !t.create)) continue;
      if ((owners.get(canonical(v))?.length ?? 0) > 1) {
        errors.push({ field: paths.value(t.i, field.key), message: "config.value.unique", params: { label: field.label, value: String(v) } });
      }
    }
  }

  // values that name something elsewhere: users, uploads of this table, keys of the referenced table
  const named = (type: ConfigField["type"]) => table.fields.filter((f) => f.type === type);
  const check = async (fields: ConfigField[], exists: (values: string[], field: ConfigField) => Promise<Set<string>>, message: string) => {
    for (const field of fields) {
      const wanted = touched.filter((t) => !isEmpty(t.values[field.key]) && (t.provided.has(field.key) || t.create));
      if (!wanted.length) continue;
      const found = await exists(wanted.map((t) => String(t.values[field.key])), field);
      for (const t of wanted) {
        if (!found.has(String(t.values[field.key]))) {
          errors.push({ field: paths.value(t.i, field.key), message, params: { label: field.label, value: String(t.values[field.key]) } });
        }
      }
    }
  };
  await check(named("user"), (ids) => lookups.activeUsers(ids), "config.value.user");
  await check(named("image"), (keys) => lookups.uploads(table.id, keys), "config.value.image");
  await check(named("reference"), async (_keys, field) =>
    field.reference!.table === table.name ? new Set(next.keys()) : lookups.referenceKeys(field.reference!.table), "config.value.reference");

  return { errors, ops };
}
