import { DEFAULT_LOCALE, t } from "@ops/shared";
import type { ApprovalNode, TimeoutAction } from "@ops/shared/contracts/approvals.ts";
import { afterApproval, event, finish, insertTask, nodeOf, rejectionDecides, type Run, type TaskRow } from "../engine/index.ts";
import { resolveApprovers } from "../resolve/index.ts";

/** What one due task's timeout did: its action, or null when the task had moved on since it was read. */
export type Fired = { action: TimeoutAction; taskId: string; nodeKey: string; assignee: string; to?: string | null } | null;

const MIN = 60_000;

/**
 * Fires the timeout of one task under its instance's lock. The task must still be pending with
 * the due time the sweep read: a compare-and-set on (status, due_at) claims it, so concurrent sweeps
 * (or a person deciding at the same moment) act once. remind moves due_at a period on; approve and
 * reject decide as the system through the engine's own path; escalate hands the task on.
 */
export async function fireTimeout(run: Run, taskId: string, seenDue: string): Promise<Fired> {
  const task = await run.db.get<TaskRow>("SELECT * FROM approval_tasks WHERE id = ? AND instance_id = ?", [taskId, run.inst.id]);
  if (!task || task.status !== "pending" || task.due_at !== seenDue || run.inst.status !== "pending") return null;
  const node = nodeOf(run, task.node_key);
  const timeout = node.timeout;
  if (!timeout) {
    await run.db.run("UPDATE approval_tasks SET due_at = NULL WHERE id = ?", [taskId]);
    return null;
  }
  const base = { action: timeout.action, taskId, nodeKey: node.key, assignee: task.assignee_id };
  switch (timeout.action) {
    case "remind": {
      const next = new Date(Date.parse(run.at) + timeout.after_minutes * MIN).toISOString();
      if (!(await claim(run, task, { due_at: next }))) return null;
      await event(run, { action: "timeout", node_key: node.key, task_id: taskId, data: { action: "remind", user: task.assignee_id } });
      return base;
    }
    case "approve":
    case "reject":
      return (await decide(run, task, node, timeout.action)) ? base : null;
    case "escalate":
      return { ...base, to: await escalate(run, task, node) };
  }
}

/** The conditional update that claims the task: still pending, still due when it was read. */
async function claim(run: Run, task: TaskRow, set: { status?: string; due_at: string | null; comment?: string }): Promise<boolean> {
  const row = await run.db.get(
    "UPDATE approval_tasks SET status = ?, due_at = ?, decided_at = ?, comment = ? WHERE id = ? AND status = 'pending' AND due_at = ? RETURNING id",
    [set.status ?? "pending", set.due_at, set.status ? run.at : task.decided_at, set.comment ?? task.comment, task.id, task.due_at],
  );
  return row !== undefined;
}

/** 超时自动同意 / 拒绝: the system decides the task, and the node follows its mode as after a person's decision. */
async function decide(run: Run, task: TaskRow, node: ApprovalNode, action: "approve" | "reject"): Promise<boolean> {
  const comment = t(DEFAULT_LOCALE, action === "approve" ? "approvals.timeout.auto_approved" : "approvals.timeout.auto_rejected");
  if (!(await claim(run, task, { status: action === "approve" ? "approved" : "rejected", due_at: null, comment }))) return false;
  await event(run, { action, node_key: node.key, task_id: task.id, comment, data: { timeout: true, ...(action === "reject" ? { to: "end" } : {}) } });
  if (action === "approve") await afterApproval(run, { ...task, status: "approved" });
  else if (await rejectionDecides(run, node)) await finish(run, "rejected", comment);
  return true;
}

/** The task goes to the first person escalate_to names who does not hold it already; nobody: it stays, its timer stops. */
async function escalate(run: Run, task: TaskRow, node: ApprovalNode): Promise<string | null> {
  const rule = node.timeout!.escalate_to;
  const people = rule
    ? await resolveApprovers(run.db, rule, { initiatorId: run.inst.initiator_id, initiatorDeptId: run.inst.initiator_dept_id, form: run.form, selected: run.selected, nodeKey: node.key })
    : [];
  const holders = await run.db.all<{ assignee_id: string }>(
    "SELECT assignee_id FROM approval_tasks WHERE instance_id = ? AND node_key = ? AND round = ? AND kind = 'approve' AND status IN ('pending', 'waiting')",
    [run.inst.id, node.key, task.round],
  );
  const to = people.find((u) => !holders.some((h) => h.assignee_id === u)) ?? null;
  if (!(await claim(run, task, to ? { status: "transferred", due_at: null } : { due_at: null }))) return null;
  if (!to) {
    await event(run, { action: "timeout", node_key: node.key, task_id: task.id, data: { action: "escalate", user: task.assignee_id, to: null } });
    return null;
  }
  const relation = task.relation === "before" || task.relation === "after" ? task.relation : "escalate";
  const added = await insertTask(run, node, Number(task.round), to, { status: "pending", seq: Number(task.seq), parent: task.parent_task_id, relation });
  // the escalated task does not time out again; approvers added after the old task now wait on the new one
  await run.db.run("UPDATE approval_tasks SET due_at = NULL WHERE id = ?", [added]);
  await run.db.run("UPDATE approval_tasks SET parent_task_id = ? WHERE parent_task_id = ? AND relation = 'after'", [added, task.id]);
  const names = await run.db.get<{ display_name: string }>("SELECT display_name FROM users WHERE id = ?", [to]);
  await event(run, { action: "timeout", node_key: node.key, task_id: task.id, data: { action: "escalate", user: task.assignee_id, to, to_name: names?.display_name ?? to, task_id: added } });
  return to;
}
