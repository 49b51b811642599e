import type { ApprovalNode } from "@ops/shared/contracts/approvals.ts";
import { leave } from "./advance.ts";
import type { TaskRow } from "./instance.store.ts";
import { nodeOf, type Run } from "./run.ts";
import { dueAt } from "./due.ts";

/** The approve tasks of a node's current visit. */
export async function roundTasks(run: Run, nodeKey: string): Promise<TaskRow[]> {
  return run.db.all<TaskRow>(
    `SELECT t.* FROM approval_tasks t JOIN approval_nodes n ON n.instance_id = t.instance_id AND n.node_key = t.node_key AND n.round = t.round
     WHERE t.instance_id = ? AND t.node_key = ? AND t.kind = 'approve' ORDER BY t.seq, t.created_at, t.id`,
    [run.inst.id, nodeKey],
  );
}

/**
 * A unit is one approver's say in the node: the original task (or the one it was transferred to);
 * approvers added before or after it are part of that say, not extra votes. The people one timeout
 * escalated a say to share it (or-sign among them): the first of them to decide closes the others
 * (settleEscalation), so a closed task is no say of its own.
 */
const isUnit = (t: TaskRow) =>
  (t.relation === null || t.relation === "transfer" || t.relation === "delegate" || t.relation === "escalate") && t.status !== "transferred" && t.status !== "closed";

/** The node's says: one per unit, an escalation's shared tasks counted once (the one that decided, else the first). */
function unitsOf(tasks: TaskRow[]): TaskRow[] {
  const byKey = new Map<string, TaskRow>();
  for (const t of tasks.filter(isUnit)) {
    const key = t.relation === "escalate" && t.escalated_from ? `escalated:${t.escalated_from}` : t.id;
    const seen = byKey.get(key);
    if (!seen || (seen.status === "pending" && (t.status === "approved" || t.status === "rejected"))) byKey.set(key, t);
  }
  return [...byKey.values()];
}

/**
 * A task one timeout escalated to several people decided (approved, rejected, transferred): the
 * others sharing that say close ("已由 X 处理"), with approvers added before them; approvers added
 * after any of them now follow the one who decided.
 */
export async function settleEscalation(run: Run, task: TaskRow): Promise<void> {
  if (!task.escalated_from) return;
  const others = await run.db.all<{ id: string }>(
    "SELECT id FROM approval_tasks WHERE instance_id = ? AND escalated_from = ? AND id <> ? AND status IN ('pending', 'waiting')", [run.inst.id, task.escalated_from, task.id],
  );
  if (!others.length) return;
  const ids = others.map((o) => o.id);
  const list = ids.map(() => "?").join(", ");
  await run.db.run(
    `UPDATE approval_tasks SET status = 'closed', decided_by = ?, decided_at = ?, due_at = NULL
      WHERE status IN ('pending', 'waiting') AND (id IN (${list}) OR (relation = 'before' AND parent_task_id IN (${list})))`,
    [run.actorId, run.at, ...ids, ...ids],
  );
  await run.db.run(`UPDATE approval_tasks SET parent_task_id = ? WHERE relation = 'after' AND parent_task_id IN (${list})`, [task.id, ...ids]);
}
const unitDone = (u: TaskRow, tasks: TaskRow[]) =>
  u.status === "approved" && tasks.every((t) => t.relation !== "after" || t.parent_task_id !== u.id || t.status === "approved");

export async function activateTask(run: Run, t: TaskRow): Promise<void> {
  await run.db.run("UPDATE approval_tasks SET status = 'pending', due_at = ? WHERE id = ?", [dueAt(nodeOf(run, t.node_key), run.at), t.id]);
  run.notices.push({ kind: "task", recipients: [t.assignee_id], taskId: t.id });
}

/** Closes the node's other open tasks ("已由 X 处理") once the node is decided. */
async function closeOthers(run: Run, nodeKey: string): Promise<void> {
  await run.db.run(
    "UPDATE approval_tasks SET status = 'closed', decided_by = ?, decided_at = ? WHERE instance_id = ? AND node_key = ? AND kind = 'approve' AND status IN ('pending', 'waiting')",
    [run.actorId, run.at, run.inst.id, nodeKey],
  );
}

/** After a task was approved: hand back to whoever waits on it, or decide the node by its mode. */
export async function afterApproval(run: Run, task: TaskRow): Promise<void> {
  const tasks = await roundTasks(run, task.node_key);
  if (task.relation === "before") {
    const parent = tasks.find((t) => t.id === task.parent_task_id);
    if (parent && parent.status === "waiting") return activateTask(run, parent);
  }
  const root = task.relation === "after" ? task.parent_task_id : task.id;
  const nextAfter = tasks.find((t) => t.relation === "after" && t.parent_task_id === root && t.status === "waiting");
  if (nextAfter) return activateTask(run, nextAfter);
  const node = nodeOf(run, task.node_key);
  const units = unitsOf(tasks);
  const done = units.filter((u) => unitDone(u, tasks)).length;
  const mode = node.mode ?? "or";
  if (mode === "or" || (mode === "ratio" && done * 100 >= (node.ratio ?? 100) * units.length)) {
    await closeOthers(run, node.key);
    return leave(run, node.key);
  }
  if (mode === "sequential") {
    const next = units.find((u) => u.status === "waiting");
    if (next) return activateTask(run, next);
  }
  if (done === units.length) return leave(run, node.key);
}

/** After a rejection: does it decide the node? Ratio nodes fail only once the ratio cannot be reached. */
export async function rejectionDecides(run: Run, node: ApprovalNode): Promise<boolean> {
  if (node.mode !== "ratio") return true;
  const tasks = await roundTasks(run, node.key);
  const units = unitsOf(tasks);
  const possible = units.filter((u) => u.status !== "rejected").length;
  return possible * 100 < (node.ratio ?? 100) * units.length;
}
