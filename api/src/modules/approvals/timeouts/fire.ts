import { DEFAULT_LOCALE, t } from "@ops/shared";
import type { ApprovalNode, ApproverRule, TimeoutAction } from "@ops/shared/contracts/approvals.ts";
import { afterApproval, event, finish, insertTask, nodeOf, rejectionDecides, settleEscalation, type Run, type TaskRow } from "../engine/index.ts";
import { resolveApprovers } from "../resolve/index.ts";

/** What one due task's timeout did: its action, or null when the task had moved on since it was read. */
export type Fired = { action: TimeoutAction; taskId: string; nodeKey: string; assignee: string; to?: string[] | null } | null;

const MIN = 60_000;

/**
 * Fires the timeout of one task under its instance's lock. The task must still be pending with
 * the due time the sweep read: a compare-and-set on (status, due_at) claims it, so concurrent sweeps
 * (or a person deciding at the same moment) act once. remind moves due_at a period on; approve and
 * reject decide as the system through the engine's own path; escalate hands the task on (to everyone
 * escalate_to names, its clock starting again).
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
    case "escalate": {
      const to = await escalate(run, task, node);
      return to ? { ...base, to: to.length ? to : null } : null;
    }
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
  await settleEscalation(run, task);
  await event(run, { action, node_key: node.key, task_id: task.id, comment, data: { timeout: true, ...(action === "reject" ? { to: "end" } : {}) } });
  if (action === "approve") await afterApproval(run, { ...task, status: "approved" });
  else if (await rejectionDecides(run, node)) await finish(run, "rejected", comment);
  return true;
}

/** How many times a say may escalate: its third escalated tasks keep no timeout (no loop however escalate_to resolves). */
export const MAX_ESCALATIONS = 3;

/** The tasks a task was escalated from, nearest first. */
async function escalationChain(run: Run, task: TaskRow): Promise<string[]> {
  const chain: string[] = [];
  let from = task.escalated_from ?? null;
  while (from && chain.length <= MAX_ESCALATIONS) {
    chain.push(from);
    from = (await run.db.get<{ escalated_from: string | null }>("SELECT escalated_from FROM approval_tasks WHERE id = ?", [from]))?.escalated_from ?? null;
  }
  return chain;
}

/** Escalating again goes further up: a department-head rule one level higher each time; other rules name the same people. */
const furtherUp = (rule: ApproverRule, depth: number): ApproverRule => (rule.type === "dept_head" ? { ...rule, level: (rule.level ?? 1) + depth - 1 } : rule);

/**
 * 超时升级: the say this task holds (with the others its own escalation gave it to, still pending)
 * goes to everyone escalate_to names who neither holds an open task of the node nor held this say
 * before; they share it (or-sign: the first to decide closes the others) and its timeout starts
 * again, up to MAX_ESCALATIONS. Nobody new: it stays where it is, its timer stops.
 */
async function escalate(run: Run, task: TaskRow, node: ApprovalNode): Promise<string[] | null> {
  // null: the task moved on since the sweep read it; [] : nobody new, it stays
  const chain = await escalationChain(run, task);
  const depth = chain.length + 1;
  const rule = node.timeout!.escalate_to;
  const people = rule && depth <= MAX_ESCALATIONS
    ? await resolveApprovers(run.db, furtherUp(rule, depth), { initiatorId: run.inst.initiator_id, initiatorDeptId: run.inst.initiator_dept_id, form: run.form, selected: run.selected, nodeKey: node.key })
    : [];
  const marks = chain.map(() => "?").join(", ");
  const held = await run.db.all<{ assignee_id: string }>(
    `SELECT assignee_id FROM approval_tasks WHERE instance_id = ? AND kind = 'approve' AND ((node_key = ? AND round = ? AND status IN ('pending', 'waiting'))${chain.length ? ` OR id IN (${marks}) OR escalated_from IN (${marks})` : ""})`,
    [run.inst.id, node.key, task.round, ...chain, ...chain],
  );
  const to = people.filter((u) => !held.some((h) => h.assignee_id === u));
  if (!(await claim(run, task, to.length ? { status: "transferred", due_at: null } : { due_at: null }))) return null;
  // the others sharing this say move (or stop) with it
  const group = task.escalated_from
    ? await run.db.all<TaskRow>("SELECT * FROM approval_tasks WHERE instance_id = ? AND escalated_from = ? AND id <> ? AND status = 'pending'", [run.inst.id, task.escalated_from, task.id])
    : [];
  const ids = group.map((g) => g.id);
  if (ids.length) {
    await run.db.run(
      `UPDATE approval_tasks SET ${to.length ? "status = 'transferred', decided_at = ?," : ""} due_at = NULL WHERE id IN (${ids.map(() => "?").join(", ")}) AND status = 'pending'`,
      [...(to.length ? [run.at] : []), ...ids],
    );
  }
  const from = [task.assignee_id, ...group.map((g) => g.assignee_id)];
  if (!to.length) {
    await event(run, { action: "timeout", node_key: node.key, task_id: task.id, data: { action: "escalate", user: from, to: null, depth } });
    return [];
  }
  const relation = task.relation === "before" || task.relation === "after" ? task.relation : "escalate";
  const added: string[] = [];
  for (const u of to) {
    added.push(await insertTask(run, node, Number(task.round), u, { status: "pending", seq: Number(task.seq), parent: task.parent_task_id, relation, escalatedFrom: task.id }));
  }
  // the last allowed escalation: its tasks wait for a person, no timer
  if (depth >= MAX_ESCALATIONS) await run.db.run(`UPDATE approval_tasks SET due_at = NULL WHERE id IN (${added.map(() => "?").join(", ")})`, added);
  // approvers added after the old tasks now wait on the first new one (whoever of them decides takes them on)
  await run.db.run(`UPDATE approval_tasks SET parent_task_id = ? WHERE relation = 'after' AND parent_task_id IN (${[task.id, ...ids].map(() => "?").join(", ")})`, [added[0], task.id, ...ids]);
  const names = await run.db.all<{ id: string; display_name: string }>(`SELECT id, display_name FROM users WHERE id IN (${to.map(() => "?").join(", ")})`, to);
  const toName = to.map((u) => names.find((n) => n.id === u)?.display_name ?? u).join("、");
  await event(run, { action: "timeout", node_key: node.key, task_id: task.id, data: { action: "escalate", user: from, to, to_name: toName, task_ids: added, depth } });
  return to;
}
