import type { FormField } from "@ops/shared/contracts/approvals.ts";
import { APPROVAL_ATTACHMENT_TYPES, APPROVAL_LIMITS } from "@ops/shared/contracts/approvals.ts";

/**
 * What the inputs hold while someone fills a definition's form, and how it becomes the API's
 * `form`. Drafts are what the inputs show (numbers stay the typed text, files stay File objects);
 * `toPayload` turns them into API values. A number that does not parse goes as typed, so the API
 * names the field ("须为数字") as it would for any client: the type check lives in one place.
 */
export type Draft = Record<string, unknown>;
export type FieldErrors = Record<string, string>;

const blank = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && (v.length === 0 || v.every((x) => x === "" || x === undefined)));

export function emptyDraft(fields: FormField[]): Draft {
  const d: Draft = {};
  for (const f of fields) d[f.key] = f.type === "date_range" ? ["", ""] : f.type === "attachment" || f.type === "table" ? [] : "";
  return d;
}

function numberOf(raw: unknown): number | string {
  if (typeof raw === "number") return raw;
  const text = String(raw).trim().replace(/[,，\s]/g, "");
  const n = Number(text);
  return text !== "" && Number.isFinite(n) ? n : String(raw);
}

function valueOf(f: FormField, raw: unknown): unknown {
  switch (f.type) {
    case "number":
    case "money":
      return numberOf(raw);
    case "attachment":
      return (raw as File[]).map((file) => file.name);
    case "table":
      return (raw as Draft[]).map((row) => payloadOf(f.columns ?? [], row));
    case "text":
      return String(raw);
    default:
      return raw;
  }
}

function payloadOf(fields: FormField[], draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = draft[f.key];
    if (blank(raw)) continue;
    out[f.key] = valueOf(f, raw);
  }
  return out;
}

/** The API's `form` (blank fields left out) and the files of each attachment field, which go up as comments after the start. */
export function toPayload(fields: FormField[], draft: Draft): { form: Record<string, unknown>; files: Array<{ field: FormField; files: File[] }> } {
  const files = fields.filter((f) => f.type === "attachment" && Array.isArray(draft[f.key]) && (draft[f.key] as File[]).length)
    .map((f) => ({ field: f, files: draft[f.key] as File[] }));
  return { form: payloadOf(fields, draft), files };
}

type Say = (key: string, params?: Record<string, unknown>) => string;

function checkOne(f: FormField, raw: unknown, field: string, say: Say, out: FieldErrors): void {
  if (blank(raw)) {
    if (f.required) out[field] = say("approval_form.required", { label: f.label });
    return;
  }
  if (f.type === "number" || f.type === "money") {
    const n = numberOf(raw);
    // not a number: the API answers with its own words for the field
    if (typeof n === "number" && ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)))
      out[field] = f.min !== undefined && f.max !== undefined ? say("approval_form.range", { label: f.label, min: f.min, max: f.max })
        : f.min !== undefined ? say("approval_form.min", { label: f.label, min: f.min }) : say("approval_form.max", { label: f.label, max: f.max });
  }
  if (f.type === "date_range") {
    const [a, b] = raw as string[];
    if (!a || !b) out[field] = say("approval_form.range_both", { label: f.label });
    else if (a > b) out[field] = say("approval_form.range_order", { label: f.label });
  }
  if (f.type === "attachment") {
    const files = raw as File[];
    const types = APPROVAL_ATTACHMENT_TYPES as readonly string[];
    if (files.length > APPROVAL_LIMITS.attachmentsPerComment) out[field] = say("approval_form.files_max", { max: APPROVAL_LIMITS.attachmentsPerComment });
    else if (files.some((x) => x.size > APPROVAL_LIMITS.attachmentBytes || x.size === 0)) out[field] = say("approval_form.file_size", { kb: APPROVAL_LIMITS.attachmentBytes / 1024 });
    else if (files.some((x) => !types.includes(x.type))) out[field] = say("approval_form.file_type");
  }
  if (f.type === "table") (raw as Draft[]).forEach((row, i) => {
    for (const c of f.columns ?? []) checkOne(c, row[c.key], `${field}[${i}].${c.key}`, say, out);
  });
}

/** Client-side checks before sending: required, min/max, a date range's order, attachment limits. Keys are the API's (`form.<key>`, `form.<key>[i].<column>`). */
export function checkDraft(fields: FormField[], draft: Draft, say: Say): FieldErrors {
  const out: FieldErrors = {};
  for (const f of fields) checkOne(f, draft[f.key], `form.${f.key}`, say, out);
  return out;
}
