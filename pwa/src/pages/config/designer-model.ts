import type { ConfigField, ConfigFieldType, ConfigTable } from "@ops/shared/contracts/config.ts";
import type { ConfigTableInput } from "../../data/config.ts";
import type { PickedUser } from "../../ui/approval-form/user-picker.tsx";

/**
 * The table designer's draft: what its inputs hold (bounds and the JSON Schema as text) and the
 * conversion to the API's body. Errors are keyed as the API names them, `fields[i].<prop>`;
 * `errorKey` brings zod-style `fields.0.regex` to the same form.
 */
export type FieldDraft = {
  /** stable id for the list's rows while fields move (never sent) */
  uid: number;
  key: string;
  type: ConfigFieldType;
  label: string;
  description: string;
  required: boolean;
  unique: boolean;
  min: string;
  max: string;
  min_length: string;
  max_length: string;
  regex: string;
  regex_message: string;
  scale: string;
  options: Array<{ value: string; label: string }>;
  json_schema: string;
  language: string;
  reference: string;
  secret: boolean;
};

export type TableDraft = {
  name: string;
  display_name: string;
  description: string;
  key_field: string;
  read_roles: string[];
  write_roles: string[];
  needs_approval: boolean;
  approval_definition: string;
  owner_department_id: string;
  keep_history_days: string;
  subscribers: PickedUser[];
  fields: FieldDraft[];
};

export const CODE_LANGUAGES = ["json", "yaml", "sql", "javascript", "typescript", "python", "shell", "text"] as const;

let uid = 0;
const nextUid = () => ++uid;
const num = (v: number | undefined) => (v === undefined || v === null ? "" : String(v));

export function newField(type: ConfigFieldType = "text", n = 1): FieldDraft {
  return {
    uid: nextUid(), key: n === 1 ? "code" : `field_${n}`, type, label: "", description: "", required: false, unique: false,
    min: "", max: "", min_length: "", max_length: "", regex: "", regex_message: "", scale: type === "decimal" ? "2" : "",
    options: [], json_schema: "", language: "json", reference: "", secret: false,
  };
}

export function newTable(): TableDraft {
  const key = { ...newField("text"), key: "code", label: "", required: true, unique: true };
  return {
    name: "", display_name: "", description: "", key_field: "code", read_roles: [], write_roles: [], needs_approval: false,
    approval_definition: "config-release", owner_department_id: "", keep_history_days: "", subscribers: [], fields: [key],
  };
}

function fieldFrom(f: ConfigField): FieldDraft {
  return {
    uid: nextUid(), key: f.key, type: f.type, label: f.label, description: f.description ?? "", required: !!f.required, unique: !!f.unique,
    min: num(f.min), max: num(f.max), min_length: num(f.min_length), max_length: num(f.max_length), regex: f.regex ?? "",
    regex_message: f.regex_message ?? "", scale: num(f.scale), options: f.options ? f.options.map((o) => ({ ...o })) : [],
    json_schema: f.json_schema ? JSON.stringify(f.json_schema, null, 2) : "", language: f.language ?? "json",
    reference: f.reference?.table ?? "", secret: !!f.secret,
  };
}

export function draftFrom(t: ConfigTable, names: Map<string, string> = new Map()): TableDraft {
  return {
    name: t.name, display_name: t.display_name, description: t.description ?? "", key_field: t.key_field,
    read_roles: [...t.read_roles], write_roles: [...t.write_roles], needs_approval: t.needs_approval,
    approval_definition: t.approval_definition || "config-release", owner_department_id: t.owner_department_id ?? "",
    keep_history_days: num(t.keep_history_days ?? undefined), subscribers: t.subscribers.map((id) => ({ id, label: names.get(id) ?? id })),
    fields: t.fields.map(fieldFrom),
  };
}

/** A bound as typed: empty is absent; anything else a number (the server names one that is not). */
const bound = (s: string): number | undefined => (s.trim() === "" ? undefined : Number(s));

/** Which properties a type has (the rest are not shown and not sent). */
export const HAS = {
  range: (t: ConfigFieldType) => t === "number" || t === "decimal",
  length: (t: ConfigFieldType) => t === "text" || t === "textarea" || t === "code" || t === "richtext",
  regex: (t: ConfigFieldType) => t === "text" || t === "textarea",
  unique: (t: ConfigFieldType) => ["text", "number", "decimal", "date", "datetime", "select", "user", "reference"].includes(t),
};

function fieldInput(f: FieldDraft, i: number, problems: Record<string, string>, jsonError: (m: string) => string): ConfigField {
  const out: ConfigField = { key: f.key.trim(), type: f.type, label: f.label.trim() };
  if (f.description.trim()) out.description = f.description.trim();
  if (f.required) out.required = true;
  if (f.unique && HAS.unique(f.type)) out.unique = true;
  if (HAS.range(f.type)) {
    out.min = bound(f.min);
    out.max = bound(f.max);
  }
  if (HAS.length(f.type)) {
    out.min_length = bound(f.min_length);
    out.max_length = bound(f.max_length);
  }
  if (HAS.regex(f.type) && f.regex.trim()) {
    out.regex = f.regex;
    if (f.regex_message.trim()) out.regex_message = f.regex_message.trim();
  }
  if (f.type === "decimal") out.scale = bound(f.scale);
  if (f.type === "select" || f.type === "multiselect") out.options = f.options.map((o) => ({ value: o.value.trim(), label: o.label.trim() || o.value.trim() }));
  if (f.type === "json" && f.json_schema.trim()) {
    try {
      out.json_schema = JSON.parse(f.json_schema) as Record<string, unknown>;
    } catch (e) {
      problems[`fields[${i}].json_schema`] = jsonError(e instanceof Error ? e.message : String(e));
    }
  }
  if (f.type === "code") out.language = f.language || "text";
  if (f.type === "reference") out.reference = { table: f.reference };
  if (f.type === "text" && f.secret) out.secret = true;
  for (const k of Object.keys(out) as Array<keyof ConfigField>) if (out[k] === undefined) delete out[k];
  return out;
}

/** The draft as the API's body, plus what the browser already knows is wrong (a JSON Schema that does not parse). */
export function toInput(d: TableDraft, jsonError: (m: string) => string): { input: ConfigTableInput; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const days = d.keep_history_days.trim();
  const input: ConfigTableInput = {
    name: d.name.trim(), display_name: d.display_name.trim(), description: d.description.trim(),
    fields: d.fields.map((f, i) => fieldInput(f, i, problems, jsonError)),
    key_field: d.key_field, read_roles: d.read_roles, write_roles: d.write_roles, needs_approval: d.needs_approval,
    approval_definition: d.approval_definition.trim() || "config-release", owner_department_id: d.owner_department_id || null,
    keep_history_days: days === "" ? null : Number(days), subscribers: d.subscribers.map((u) => u.id),
  };
  return { input, problems };
}

/** `fields.0.regex` / `fields[0].regex` → `fields[0].regex` (one spelling for the inputs to look up). */
export const errorKey = (field: string): string => field.replace(/\.(\d+)(?=\.|$)/g, "[$1]");

/** Moves item i by delta (up -1, down +1); out of range leaves the list as it is. */
export function move<T>(list: T[], i: number, delta: number): T[] {
  const j = i + delta;
  if (j < 0 || j >= list.length) return list;
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}
