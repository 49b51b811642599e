import { diffLines } from "diff";
import type { ConfigDiffEntry, ConfigField, ConfigTable } from "@ops/shared/contracts/config.ts";
import { SECRET_MASK } from "../config.deps.ts";

type Values = Record<string, unknown>;
type FieldDiff = ConfigDiffEntry["fields"][number];

const LINE_TYPES = new Set(["text", "textarea", "code", "richtext"]);

/** Keys sorted at every depth, so equal objects print the same and a JSON diff lines up per key. */
export function canonicalJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonicalJson);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonicalJson((v as Values)[k])]));
  return v;
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonicalJson(a ?? null)) === JSON.stringify(canonicalJson(b ?? null));

function lines(before: string, after: string): FieldDiff["lines"] {
  return diffLines(before, after).flatMap((part) => {
    const op = part.added ? "add" : part.removed ? "del" : "same";
    return part.value.replace(/\n$/, "").split("\n").map((text) => ({ op, text }) as const);
  });
}

/** Our own walk over two parsed JSON values: the changed leaves by JSON Pointer path. */
export function jsonWalk(before: unknown, after: unknown, path = ""): NonNullable<FieldDiff["json"]> {
  const isObj = (v: unknown): v is Values => !!v && typeof v === "object" && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = `${path}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (!(k in after)) return [{ path: p, op: "del" as const, before: before[k] }];
      if (!(k in before)) return [{ path: p, op: "add" as const, after: after[k] }];
      return jsonWalk(before[k], after[k], p);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: NonNullable<FieldDiff["json"]> = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= after.length) out.push({ path: `${path}/${i}`, op: "del", before: before[i] });
      else if (i >= before.length) out.push({ path: `${path}/${i}`, op: "add", after: after[i] });
      else out.push(...jsonWalk(before[i], after[i], `${path}/${i}`));
    }
    return out;
  }
  return same(before, after) ? [] : [{ path: path || "/", op: "change", before, after }];
}

const text = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));

function fieldDiff(field: ConfigField, before: unknown, after: unknown): FieldDiff {
  if (field.secret) return { field: field.key, label: field.label, before: before == null ? null : SECRET_MASK, after: after == null ? null : SECRET_MASK };
  const out: FieldDiff = { field: field.key, label: field.label, before: before ?? null, after: after ?? null };
  if (LINE_TYPES.has(field.type)) out.lines = lines(text(before), text(after));
  if (field.type === "json") {
    const pretty = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(canonicalJson(v), null, 2));
    out.lines = lines(pretty(before), pretty(after));
    out.json = jsonWalk(before ?? null, after ?? null);
  }
  return out;
}

/**
 * Field-by-field difference of two states (values with secrets already opened by the caller, so a re-sealed
 * equal secret is no change); secrets leave as "••••••". Keys in order; fields in the table's order.
 */
export function diffStates(table: ConfigTable, before: Map<string, Values>, after: Map<string, Values>): ConfigDiffEntry[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const entries: ConfigDiffEntry[] = [];
  for (const key of keys) {
    const b = before.get(key);
    const a = after.get(key);
    if (!b && a) entries.push({ key, op: "added", fields: table.fields.filter((f) => a[f.key] != null).map((f) => fieldDiff(f, null, a[f.key])) });
    else if (b && !a) entries.push({ key, op: "removed", fields: table.fields.filter((f) => b[f.key] != null).map((f) => fieldDiff(f, b[f.key], null)) });
    else if (a && b) {
      const fields = table.fields.filter((f) => !same(b[f.key], a[f.key])).map((f) => fieldDiff(f, b[f.key], a[f.key]));
      if (fields.length) entries.push({ key, op: "changed", fields });
    }
  }
  return entries;
}

export const summaryOf = (diff: ConfigDiffEntry[]) => ({
  added: diff.filter((d) => d.op === "added").length,
  changed: diff.filter((d) => d.op === "changed").length,
  removed: diff.filter((d) => d.op === "removed").length,
});
