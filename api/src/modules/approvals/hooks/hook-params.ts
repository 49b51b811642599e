import type { Actor, FieldError } from "@ops/shared";
import type { ApprovalHook, FormField } from "@ops/shared/contracts/approvals.ts";

/** Where hooks run: saved jobs and flows (the composition root passes jobs' and flows' own doors). */
export type HookTargets = {
  /** The job or flow by name or id as the actor may see it, with the params a flow declares (null for a job: any); null when unknown. */
  find(actor: Actor, type: "job" | "flow", ref: string): Promise<{ id: string; name: string; params: string[] | null } | null>;
  /** Starts a run as the system, trigger `approval` (triggered by approval:<instanceId>); answers the run's id. */
  start(type: "job" | "flow", ref: string, params: Record<string, string>, instanceId: string): Promise<{ run_id: string }>;
};

/** What a hook's param template may read. */
export type HookContext = { form: Record<string, unknown>; instance: { id: string; title: string }; initiator: { username: string } };

const PLACEHOLDER = /\{([^{}]*)\}/g;
const FIXED = new Set(["instance.id", "instance.title", "initiator.username"]);

/**
 * Save and publish checks of hooks: the job or flow exists for the caller (`hooks[i].run.ref`), a
 * flow declares each param (`hooks[i].params.<name>`), templates read only `{form.<key>}` of the
 * form's fields, `{instance.id}`, `{instance.title}`, `{initiator.username}`.
 */
export async function checkHooks(hooks: ApprovalHook[], form: FormField[], targets: HookTargets | undefined, actor: Actor): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const fields = new Set(form.map((f) => f.key));
  for (const [i, h] of hooks.entries()) {
    const target = targets ? await targets.find(actor, h.run.type, h.run.ref) : null;
    if (!target) errors.push({ field: `hooks[${i}].run.ref`, message: "approvals.hook_ref_unknown", params: { type: h.run.type, ref: h.run.ref } });
    for (const [name, template] of Object.entries(h.params)) {
      const bad = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!.trim()).filter((p) => !FIXED.has(p) && !(p.startsWith("form.") && fields.has(p.slice(5))));
      if (bad.length) errors.push({ field: `hooks[${i}].params.${name}`, message: "approvals.hook_placeholder_unknown", params: { placeholder: bad.map((b) => `{${b}}`).join(", ") } });
      else if (target?.params && !target.params.includes(name)) errors.push({ field: `hooks[${i}].params.${name}`, message: "approvals.hook_param_unknown", params: { ref: h.run.ref, name } });
    }
  }
  return errors;
}

/** A template filled from the instance: strings as they are, other values as JSON, a missing form value as "". */
export function renderParam(template: string, ctx: HookContext): string {
  return template.replace(PLACEHOLDER, (_whole, raw: string) => {
    const p = raw.trim();
    let v: unknown;
    if (p.startsWith("form.")) v = Object.hasOwn(ctx.form, p.slice(5)) ? ctx.form[p.slice(5)] : undefined;
    else if (p === "instance.id") v = ctx.instance.id;
    else if (p === "instance.title") v = ctx.instance.title;
    else if (p === "initiator.username") v = ctx.initiator.username;
    if (v === undefined || v === null) return "";
    return typeof v === "string" ? v : JSON.stringify(v);
  });
}
