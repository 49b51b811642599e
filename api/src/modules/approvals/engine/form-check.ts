import type { FieldError } from "@ops/shared";
import type { FormField } from "@ops/shared/contracts/approvals.ts";
import type { Db } from "../../../platform/db/db.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: unknown): v is string => typeof v === "string" && DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const empty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/** One value against its field; returns the message key when wrong. References (user, department) are checked after, in one query each. */
function valueProblem(f: FormField, v: unknown): string | null {
  switch (f.type) {
    case "text":
      return typeof v === "string" && v.length <= 5000 ? null : "approvals.form_text";
    case "number":
    case "money":
      if (typeof v !== "number" || !Number.isFinite(v)) return "approvals.form_number";
      if (f.type === "money" && Math.round(v * 100) !== v * 100) return "approvals.form_money";
      if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) return "approvals.form_range";
      return null;
    case "date":
      return isDate(v) ? null : "approvals.form_date";
    case "date_range":
      return Array.isArray(v) && v.length === 2 && isDate(v[0]) && isDate(v[1]) && v[0] <= v[1] ? null : "approvals.form_date_range";
    case "select":
      return typeof v === "string" && (f.options ?? []).includes(v) ? null : "approvals.form_select";
    case "user":
    case "department":
      return typeof v === "string" && v.length <= 64 ? null : "approvals.form_reference";
    case "attachment":
      return Array.isArray(v) && v.length <= 20 && v.every((x) => typeof x === "string" && x.length <= 500) ? null : "approvals.form_attachment";
    case "table":
      return Array.isArray(v) && v.length <= 200 && v.every((r) => r !== null && typeof r === "object" && !Array.isArray(r)) ? null : "approvals.form_table";
  }
}

type Ref = { field: string; type: "user" | "department"; id: string };

function checkFields(fields: FormField[], values: Record<string, unknown>, prefix: string, errors: FieldError[], refs: Ref[]) {
  const known = new Set(fields.map((f) => f.key));
  for (const k of Object.keys(values)) if (!known.has(k)) errors.push({ field: `${prefix}.${k}`, message: "approvals.form_field_unknown", params: { key: k } });
  for (const f of fields) {
    const field = `${prefix}.${f.key}`;
    const v = values[f.key];
    if (empty(v)) {
      if (f.required) errors.push({ field, message: "validation.required" });
      continue;
    }
    const problem = valueProblem(f, v);
    if (problem) {
      errors.push({ field, message: problem, params: { label: f.label, min: f.min, max: f.max, options: (f.options ?? []).join(", ") } });
      continue;
    }
    if (f.type === "user" || f.type === "department") refs.push({ field, type: f.type, id: v as string });
    if (f.type === "table") (v as Array<Record<string, unknown>>).forEach((r, i) => checkFields(f.columns ?? [], r, `${field}[${i}]`, errors, refs));
  }
}

/** The form as the definition asks for it: every error names `form.<key>` (table cells `form.<key>[i].<column>`). */
export async function checkForm(db: Db, fields: FormField[], values: Record<string, unknown>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const refs: Ref[] = [];
  checkFields(fields, values, "form", errors, refs);
  for (const type of ["user", "department"] as const) {
    const mine = refs.filter((r) => r.type === type);
    if (!mine.length) continue;
    const sql = type === "user" ? "SELECT id FROM users WHERE deleted_at IS NULL AND id IN" : "SELECT id FROM departments WHERE id IN";
    const found = new Set((await db.all<{ id: string }>(`${sql} (${mine.map(() => "?").join(", ")})`, mine.map((r) => r.id))).map((r) => r.id));
    for (const r of mine) if (!found.has(r.id)) errors.push({ field: r.field, message: type === "user" ? "approvals.form_user_unknown" : "approvals.form_department_unknown" });
  }
  return errors;
}
