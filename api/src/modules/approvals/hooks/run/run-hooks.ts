import { DEFAULT_LOCALE, isAppError, systemActor, t } from "@ops/shared";
import type { ApprovalInstance } from "@ops/shared/contracts/approvals.ts";
import type { ApprovalsDeps } from "../../approvals.deps.ts";
import { loadVersion } from "../../definitions/index.ts";
import { event, withInstance } from "../../engine/index.ts";
import { newId } from "../../../../platform/crypto.ts";
import { renderParam } from "../index.ts";

/** Each start (or failure to start) is audited as system:approval:<instanceId>, the trigger the run carries no user for. */
async function audit(deps: ApprovalsDeps, instanceId: string, started: number, after: Record<string, unknown>, ok: boolean): Promise<void> {
  await deps.audit?.recordRequest({
    ctx: {
      requestId: newId(), ip: null, userAgent: null, locale: DEFAULT_LOCALE, actor: systemActor(`approval:${instanceId}`), via: "system",
      auditNotes: [{ resourceType: "approval", resourceId: instanceId, after }],
    },
    method: "SYSTEM", path: "approvals hooks", status: ok ? 200 : 500, durationMs: Date.now() - started, module: "approvals", action: "hooks.run", resourceType: "approval",
  }).catch((e) => deps.logger?.warn("approval hook audit failed", { instance_id: instanceId, err: e }));
}

/** A line on the instance's timeline, written under its lock like every other (its own sequence number). */
async function note(deps: ApprovalsDeps, instanceId: string, action: "hook.started" | "hook.failed", data: Record<string, unknown>): Promise<void> {
  await withInstance(deps, instanceId, null, (run) => event(run, { action, actor_id: null, data }));
}

/**
 * After an instance ended approved or rejected: each hook of its version for that outcome starts its
 * job or flow as the system (trigger `approval`, by approval:<instanceId>) with params filled from the
 * instance; the timeline gets `hook.started` with the run id, or `hook.failed` with the error. The
 * outcome stands whatever happens here: a failure to start only leaves its line.
 */
export async function runHooks(deps: ApprovalsDeps, inst: ApprovalInstance): Promise<void> {
  if (inst.status !== "approved" && inst.status !== "rejected") return;
  const version = await loadVersion(deps.db, inst.definition_id, inst.version);
  const hooks = (version?.hooks ?? []).map((hook, index) => ({ hook, index })).filter((h) => h.hook.on === inst.status);
  if (!hooks.length) return;
  const user = await deps.db.get<{ username: string }>("SELECT username FROM users WHERE id = ?", [inst.initiator_id]);
  const ctx = { form: inst.form, instance: { id: inst.id, title: inst.title }, initiator: { username: user?.username ?? "" } };
  for (const { hook, index } of hooks) {
    const params = Object.fromEntries(Object.entries(hook.params).map(([k, v]) => [k, renderParam(v, ctx)]));
    const what = { hook: index, on: hook.on, type: hook.run.type, ref: hook.run.ref };
    const started = Date.now();
    try {
      if (!deps.hookTargets) throw new Error("no job or flow engine in this process");
      const { run_id } = await deps.hookTargets.start(hook.run.type, hook.run.ref, params, inst.id);
      await note(deps, inst.id, "hook.started", { ...what, run_id, params });
      await audit(deps, inst.id, started, { ...what, run_id, params }, true);
    } catch (e) {
      // an AppError (the flow refused a param, say) in the default language, its code kept beside it
      const error = (isAppError(e) ? t(DEFAULT_LOCALE, e.code, e.params) : String((e as Error)?.message ?? e)).slice(0, 500);
      deps.logger?.warn("approval hook failed to start", { instance_id: inst.id, ...what, err: e });
      await note(deps, inst.id, "hook.failed", { ...what, error, code: isAppError(e) ? e.code : null }).catch((err) => deps.logger?.error("approval hook note failed", { instance_id: inst.id, err }));
      await audit(deps, inst.id, started, { ...what, error }, false);
    }
  }
}
