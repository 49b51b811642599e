import type { UserActor } from "@ops/shared";
import { noteAudit } from "../../../platform/context.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { alreadyDecided, instanceFinished, notYourTask, taskNotFound } from "../approvals.errors.ts";
import type { TaskRow } from "./instance.store.ts";
import { withInstance } from "./locks.ts";
import { deliver } from "./notices.ts";
import type { Run } from "./run.ts";

const SHANGHAI_MS = 8 * 3600_000;

/** "14:02" today, "12-01 14:02" another day (Asia/Shanghai, the product's default zone). */
function shortTime(at: string, now: Date): string {
  const local = new Date(Date.parse(at) + SHANGHAI_MS).toISOString();
  const today = new Date(now.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);
  return local.slice(0, 10) === today ? local.slice(11, 16) : local.slice(5, 16).replace("T", " ");
}

/** Who did what to an instance: enough for the audit's before/after. */
async function snapshot(deps: ApprovalsDeps, instanceId: string) {
  const db = deps.db;
  const inst = await db.get<{ status: string }>("SELECT status FROM approval_instances WHERE id = ?", [instanceId]);
  const open = await db.all<{ id: string; node_key: string; assignee_id: string; status: string }>(
    "SELECT id, node_key, assignee_id, status FROM approval_tasks WHERE instance_id = ? AND status IN ('pending', 'waiting') ORDER BY created_at, seq", [instanceId],
  );
  return { status: inst?.status, open_tasks: open };
}

/**
 * One action on one instance: locked, checked and changed in one transaction, audited with the
 * state before and after, then notices and card refreshes once committed.
 */
export async function act<T>(deps: ApprovalsDeps, actor: UserActor, instanceId: string, fn: (run: Run) => Promise<T>): Promise<T> {
  const before = await snapshot(deps, instanceId);
  const { result, run } = await withInstance(deps, instanceId, actor.userId, fn);
  const after = await snapshot(deps, instanceId);
  noteAudit({ resourceType: "approval", resourceId: instanceId, before, after });
  await deliver(deps, instanceId, run.notices);
  return result;
}

/** The instance a task belongs to (read before the lock; the task is read again under it). */
export async function instanceOfTask(deps: ApprovalsDeps, taskId: string): Promise<string> {
  const row = await deps.db.get<{ instance_id: string }>("SELECT instance_id FROM approval_tasks WHERE id = ?", [taskId]);
  if (!row) throw taskNotFound();
  return row.instance_id;
}

/** The caller's task, still open, under the instance lock: else 403 (not theirs) or 409 naming who decided it and when. */
export async function myOpenTask(run: Run, deps: ApprovalsDeps, taskId: string, actor: UserActor, kind: "approve" | "cc" = "approve"): Promise<TaskRow> {
  const t = await run.db.get<TaskRow>("SELECT * FROM approval_tasks WHERE id = ? AND instance_id = ?", [taskId, run.inst.id]);
  if (!t || t.kind !== kind) throw taskNotFound();
  if (t.assignee_id !== actor.userId) throw notYourTask();
  if (t.status === "pending" || kind === "cc") return t;
  if (t.decided_by && t.decided_at) {
    const who = await run.db.get<{ display_name: string }>("SELECT display_name FROM users WHERE id = ?", [t.decided_by]);
    const decision = t.status === "approved" || t.status === "rejected" || t.status === "transferred" ? t.status : "closed";
    throw alreadyDecided({ who: who?.display_name ?? t.decided_by, at: shortTime(t.decided_at, deps.clock.now()), decision }, `approvals.already_${decision}`);
  }
  if (run.inst.status !== "pending") throw instanceFinished(run.inst.status);
  throw alreadyDecided({ who: "", at: "", decision: "waiting" }, "approvals.task_waiting");
}
