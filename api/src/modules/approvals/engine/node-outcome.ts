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
 * approvers added before or after it are part of that say, not extra votes.
 */
const isUnit = (t: TaskRow) => (t.relation === null || t.relation === "transfer" || t.relation === "delegate" || t.relation === "escalate") && t.status !== "transferred";
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
  const units = tasks.filter(isUnit);
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
  const units = tasks.filter(isUnit);
  const possible = units.filter((u) => u.status !== "rejected").length;
  return possible * 100 < (node.ratio ?? 100) * units.length;
}
