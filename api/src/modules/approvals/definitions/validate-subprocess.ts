import type { FieldError } from "@ops/shared";
import type { ApprovalNode, FormField } from "@ops/shared/contracts/approvals.ts";

/** A published definition's current version by key; null when unknown, unpublished or archived. */
export type PublishedLookup = (key: string) => Promise<{ form: FormField[]; nodes: ApprovalNode[] } | null>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Placeholders of a subprocess template that name nothing: only `{form.<parent key>}` and `{instance.title}` are known. */
function unknownPlaceholders(template: string, fields: ReadonlySet<string>): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!.trim()).filter((p) => p !== "instance.title" && !(p.startsWith("form.") && fields.has(p.slice(5))));
}

/** Whether `key`'s published version reaches `target` through its subprocess nodes (directly or through others). */
async function reaches(key: string, target: string, published: PublishedLookup, seen = new Set<string>()): Promise<boolean> {
  if (key === target) return true;
  if (seen.has(key)) return false;
  seen.add(key);
  const g = await published(key);
  for (const n of g?.nodes ?? []) if (n.subprocess && (await reaches(n.subprocess.definition, target, published, seen))) return true;
  return false;
}

/**
 * Publish checks of a subprocess node: it names a published definition (`nodes[i].subprocess.definition`)
 * that does not contain this one, its form mapping names the child's fields and reads only this form's
 * fields (`nodes[i].subprocess.form.<key>`), its title template too (`nodes[i].subprocess.title`).
 */
export async function checkSubprocess(n: ApprovalNode, f: string, form: FormField[], published: PublishedLookup | undefined, selfKey?: string): Promise<FieldError[]> {
  if (n.type !== "subprocess") return [{ field: `${f}.subprocess`, message: "approvals.subprocess_not_subprocess" }];
  const spec = n.subprocess;
  if (!spec) return [{ field: `${f}.subprocess.definition`, message: "validation.required" }];
  const key = spec.definition;
  if (selfKey && key === selfKey) return [{ field: `${f}.subprocess.definition`, message: "approvals.subprocess_cycle", params: { key } }];
  const child = published ? await published(key) : null;
  if (!child) return [{ field: `${f}.subprocess.definition`, message: "approvals.subprocess_unknown", params: { key } }];
  const errors: FieldError[] = [];
  if (selfKey && published && (await reaches(key, selfKey, published))) errors.push({ field: `${f}.subprocess.definition`, message: "approvals.subprocess_cycle", params: { key } });
  const fields = new Set(form.map((x) => x.key));
  const childFields = new Set(child.form.map((x) => x.key));
  if (spec.title) {
    const bad = unknownPlaceholders(spec.title, fields);
    if (bad.length) errors.push({ field: `${f}.subprocess.title`, message: "approvals.subprocess_placeholder_unknown", params: { placeholder: bad.map((b) => `{${b}}`).join(", ") } });
  }
  for (const [k, template] of Object.entries(spec.form ?? {})) {
    const at = `${f}.subprocess.form.${k}`;
    if (!childFields.has(k)) {
      errors.push({ field: at, message: "approvals.subprocess_field_unknown", params: { key, field: k } });
      continue;
    }
    const bad = unknownPlaceholders(template, fields);
    if (bad.length) errors.push({ field: at, message: "approvals.subprocess_placeholder_unknown", params: { placeholder: bad.map((b) => `{${b}}`).join(", ") } });
  }
  return errors;
}
