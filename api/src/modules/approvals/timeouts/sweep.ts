import { DEFAULT_LOCALE, systemActor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { deliver, withInstance } from "../engine/index.ts";
import { fireTimeout, type Fired } from "./fire.ts";

const BATCH = 200;

export type SweepResult = { remind: number; approve: number; reject: number; escalate: number };

/**
 * One pass of the timeout sweep (the scheduler role runs it every minute; tests call it on the
 * test clock): pending approve tasks whose due_at has passed, read through the (status, due_at)
 * index, each fired under its instance's lock (timeouts/fire.ts), then audited as
 * system:approval-timeout and announced after commit like any other change.
 */
export function createTimeoutSweep(deps: ApprovalsDeps) {
  return async function sweep(): Promise<SweepResult> {
    const now = iso(deps.clock.now());
    const due = await deps.db.all<{ id: string; instance_id: string; due_at: string }>(
      "SELECT id, instance_id, due_at FROM approval_tasks WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?", [now, BATCH],
    );
    const result: SweepResult = { remind: 0, approve: 0, reject: 0, escalate: 0 };
    for (const task of due) {
      try {
        const fired = await fireOne(deps, task);
        if (fired) result[fired.action]++;
      } catch (e) {
        deps.logger?.error("approval timeout failed", { task_id: task.id, instance_id: task.instance_id, err: e });
      }
    }
    return result;
  };
}

async function fireOne(deps: ApprovalsDeps, task: { id: string; instance_id: string; due_at: string }): Promise<Fired> {
  const started = Date.now();
  const before = await deps.db.get<{ status: string; assignee_id: string }>("SELECT status, assignee_id FROM approval_tasks WHERE id = ?", [task.id]);
  const { result: fired, run } = await withInstance(deps, task.instance_id, null, (r) => fireTimeout(r, task.id, task.due_at));
  if (!fired) return null;
  const after = await deps.db.get<{ status: string; assignee_id: string }>("SELECT status, assignee_id FROM approval_tasks WHERE id = ?", [task.id]);
  await deps.audit?.recordRequest({
    ctx: {
      requestId: newId(), ip: null, userAgent: null, locale: DEFAULT_LOCALE, actor: systemActor("approval-timeout"), via: "system",
      auditNotes: [{ resourceType: "approval_task", resourceId: task.id, before, after: { ...after, timeout: fired.action, ...(fired.to !== undefined ? { to: fired.to } : {}) } }],
    },
    method: "SYSTEM", path: "approvals timeout", status: 200, durationMs: Date.now() - started, module: "approvals", action: "tasks.timeout", resourceType: "approval_task",
  });
  const notices = fired.action === "remind" ? [...run.notices, { kind: "remind" as const, recipients: [fired.assignee], taskId: task.id }] : run.notices;
  await deliver(deps, task.instance_id, notices);
  return fired;
}
