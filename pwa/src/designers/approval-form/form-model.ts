import { FORM_FIELD_TYPES, type FormField, type FormFieldType } from "@ops/shared/contracts/approvals.ts";

/**
 * The form designer's pure parts: a new field of a type (a free key, a label, what the type needs:
 * a select's options, a table's columns), moves, and which settings a type has. Pure: no Solid.
 */
export const PALETTE: readonly FormFieldType[] = FORM_FIELD_TYPES;
/** what a table's column may be (no nested tables, no files in a row) */
export const COLUMN_TYPES: readonly FormFieldType[] = ["text", "number", "money", "date", "select", "user", "department"];
/** types whose min / max bound the value (text: its length) */
export const BOUNDED = new Set<FormFieldType>(["text", "number", "money"]);

export function freeKey(taken: Iterable<string>, base: string): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function newField(type: FormFieldType, form: FormField[], words: { label: string; option: (n: number) => string; column: string }): FormField {
  const f: FormField = { key: freeKey(form.map((x) => x.key), type), type, label: words.label, required: false };
  if (type === "select") f.options = [words.option(1), words.option(2)];
  if (type === "table") f.columns = [{ key: "item", type: "text", label: words.column, required: false }];
  return f;
}

/** A field's settings after its type changed: what the new type does not take is dropped, what it needs is added. */
export function retype(f: FormField, type: FormFieldType, words: { option: (n: number) => string; column: string }): FormField {
  const next: FormField = { key: f.key, type, label: f.label, required: f.required ?? false };
  if (BOUNDED.has(type)) {
    if (f.min !== undefined) next.min = f.min;
    if (f.max !== undefined) next.max = f.max;
  }
  if (type === "select") next.options = f.options?.length ? f.options : [words.option(1), words.option(2)];
  if (type === "table") next.columns = f.columns?.length ? f.columns : [{ key: "item", type: "text", label: words.column, required: false }];
  return next;
}

/** Moves item i by delta in place; false when it cannot move. */
export function move<T>(list: T[], i: number, delta: -1 | 1): boolean {
  const j = i + delta;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return false;
  const [x] = list.splice(i, 1);
  list.splice(j, 0, x!);
  return true;
}

/** Options typed one per line. */
export const optionsFrom = (text: string): string[] => text.split("\n").map((x) => x.trim()).filter(Boolean);

/**
 * Makes `target` equal `next` by mutating it (a store's object keeps its identity, so the editor
 * rendering it is not rebuilt and keeps the focus); arrays of objects (columns) go by index.
 */
export function assignInPlace(target: Record<string, unknown>, next: Record<string, unknown>): void {
  for (const k of Object.keys(target)) if (!(k in next)) delete target[k];
  for (const [k, v] of Object.entries(next)) {
    const cur = target[k];
    if (Array.isArray(v) && Array.isArray(cur) && v.every((x) => typeof x === "object" && x !== null)) {
      v.forEach((x, j) => {
        if (typeof cur[j] === "object" && cur[j] !== null) assignInPlace(cur[j] as Record<string, unknown>, x as Record<string, unknown>);
        else cur[j] = x;
      });
      cur.length = v.length;
    } else target[k] = Array.isArray(v) ? [...v] : v;
  }
}
