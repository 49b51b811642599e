import type { UserActor } from "@ops/shared";
import type { ApprovalTask } from "@ops/shared/contracts/approvals.ts";
import { APPROVAL_LIMITS } from "@ops/shared/contracts/approvals.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { invalidField, notInitiator, notYourTask, taskNotFound, urgedRecently } from "../approvals.errors.ts";
import { iso } from "../../../platform/clock.ts";
import { enter, finish, insertTask, previousApproverNode } from "../engine/index.ts";
import { act, instanceOfTask, myOpenTask } from "../engine/index.ts";
import { loadTaskView, type TaskRow } from "../engine/index.ts";
import { afterApproval, rejectionDecides, settleEscalation } from "../engine/index.ts";
import { event, nodeOf, type Run } from "../engine/index.ts";

/** A user who can take a task: exists, active, and may decide approvals (directly or through a role). */
async function checkAssignee(run: Run, userId: string, field: string, actor: UserActor, task: TaskRow): Promise<void> {
  if (userId === actor.userId) throw invalidField(field, "approvals.assignee_self");
  const user = await run.db.get("SELECT id FROM users WHERE id = ? AND deleted_at IS NULL AND status <> 'disabled'", [userId]);
  if (!user) throw invalidField(field, "approvals.form_user_unknown");
  const open = await run.db.get(
    "SELECT id FROM approval_tasks WHERE instance_id = ? AND node_key = ? AND round = ? AND assignee_id = ? AND kind = 'approve' AND status IN ('pending', 'waiting')",
    [run.inst.id, task.node_key, task.round, userId],
  );
  if (open) throw invalidField(field, "approvals.assignee_already");
}

async function decided(run: Run, task: TaskRow, status: "approved" | "rejected" | "transferred", comment: string | null) {
  // conditional on still pending: the lock already serialises, this keeps a lost race from writing twice
  const row = await run.db.get("UPDATE approval_tasks SET status = ?, decided_by = ?, decided_at = ?, comment = ? WHERE id = ? AND status = 'pending' RETURNING id", [
    status, run.actorId, run.at, comment, task.id,
  ]);
  if (!row) throw taskNotFound();
  await settleEscalation(run, task);
}

/** approve, reject (to end, the previous approver node or a named earlier one), transfer, add an approver, urge, read a CC. */
export function createTaskActions(deps: ApprovalsDeps) {
  const view = async (id: string) => (await loadTaskView(deps.db, id))!;

  async function approve(actor: UserActor, taskId: string, comment?: string): Promise<ApprovalTask> {
    await act(deps, actor, await instanceOfTask(deps, taskId), async (run) => {
      const task = await myOpenTask(run, deps, taskId, actor);
      await decided(run, task, "approved", comment ?? null);
      await event(run, { action: "approve", node_key: task.node_key, task_id: task.id, comment });
      await afterApproval(run, task);
    });
    return view(taskId);
  }

  async function reject(actor: UserActor, taskId: string, to: string, comment?: string): Promise<ApprovalTask> {
    await act(deps, actor, await instanceOfTask(deps, taskId), async (run) => {
      const task = await myOpenTask(run, deps, taskId, actor);
      const target = await rejectTarget(run, task, to);
      await decided(run, task, "rejected", comment ?? null);
      await event(run, { action: "reject", node_key: task.node_key, task_id: task.id, comment, data: { to } });
      if (!(await rejectionDecides(run, nodeOf(run, task.node_key)))) return;
      if (!target) return finish(run, "rejected", comment ?? null);
      // sent back: every open task closes, every reached node resets, and the target node starts a new round
      await run.db.run("UPDATE approval_tasks SET status = 'closed', decided_by = ?, decided_at = ? WHERE instance_id = ? AND status IN ('pending', 'waiting')", [run.actorId, run.at, run.inst.id]);
      await run.db.run("UPDATE approval_nodes SET status = 'done', arrived = 0 WHERE instance_id = ? AND status = 'active'", [run.inst.id]);
      await event(run, { action: "sent_back", node_key: target, task_id: task.id, comment });
      await enter(run, target);
    });
    return view(taskId);
  }

  /** null: to the end (the instance is rejected); else the approver node to send it back to. */
  async function rejectTarget(run: Run, task: TaskRow, to: string): Promise<string | null> {
    if (to === "end") return null;
    const key = to === "previous" ? await previousApproverNode(run, task.node_key) : to;
    const node = key ? run.version.nodes.find((n) => n.key === key) : undefined;
    const reached = key ? await run.db.get("SELECT node_key FROM approval_nodes WHERE instance_id = ? AND node_key = ? AND status = 'done'", [run.inst.id, key]) : undefined;
    if (!node || node.type !== "approver" || !reached || key === task.node_key) throw invalidField("to", "approvals.reject_target_invalid", { to });
    // inside a parallel branch the other branches would not arrive at the join again: send back to before the split instead
    if (inBranch(run, key!)) throw invalidField("to", "approvals.reject_target_in_branch", { to });
    return key!;
  }

  /** Whether a node lies between a parallel split and its join. */
  function inBranch(run: Run, key: string): boolean {
    const { nodes, edges } = run.version;
    const seen = new Set<string>();
    const stack = edges.filter((e) => nodes.find((n) => n.key === e.from)?.type === "parallel").map((e) => e.to);
    while (stack.length) {
      const k = stack.pop()!;
      if (seen.has(k) || nodes.find((n) => n.key === k)?.type === "join") continue;
      seen.add(k);
      for (const e of edges) if (e.from === k) stack.push(e.to);
    }
    return seen.has(key);
  }

  async function transfer(actor: UserActor, taskId: string, toUser: string, comment?: string): Promise<ApprovalTask> {
    const id = await act(deps, actor, await instanceOfTask(deps, taskId), async (run) => {
      const task = await myOpenTask(run, deps, taskId, actor);
      await checkAssignee(run, toUser, "to_user", actor, task);
      await decided(run, task, "transferred", comment ?? null);
      const node = nodeOf(run, task.node_key);
      const relation = task.relation ?? "transfer";
      const newId = await insertTask(run, node, Number(task.round), toUser, { status: "pending", seq: Number(task.seq), parent: task.parent_task_id, relation });
      // approvers added after the old task now wait on the new one
      await run.db.run("UPDATE approval_tasks SET parent_task_id = ? WHERE parent_task_id = ? AND relation = 'after'", [newId, task.id]);
      await event(run, { action: "transfer", node_key: task.node_key, task_id: task.id, comment, data: { to_user: toUser, task_id: newId } });
      return newId;
    });
    return view(id);
  }

  async function addApprover(actor: UserActor, taskId: string, user: string, position: "before" | "after", comment?: string): Promise<ApprovalTask> {
    const id = await act(deps, actor, await instanceOfTask(deps, taskId), async (run) => {
      const task = await myOpenTask(run, deps, taskId, actor);
      await checkAssignee(run, user, "user", actor, task);
      const node = nodeOf(run, task.node_key);
      let added: string;
      if (position === "before") {
        // the new approver decides first; the task comes back to its owner afterwards
        await run.db.run("UPDATE approval_tasks SET status = 'waiting' WHERE id = ?", [task.id]);
        added = await insertTask(run, node, Number(task.round), user, { status: "pending", seq: Number(task.seq), parent: task.id, relation: "before" });
      } else {
        const root = task.relation === "after" ? task.parent_task_id : task.id;
        added = await insertTask(run, node, Number(task.round), user, { status: "waiting", seq: Number(task.seq), parent: root, relation: "after" });
      }
      await event(run, { action: "add_approver", node_key: task.node_key, task_id: task.id, comment, data: { user, position, task_id: added } });
      return added;
    });
    return view(id);
  }

  /** The initiator reminds the assignee of an open task; once per task per 10 minutes (else 429). */
  async function urge(actor: UserActor, taskId: string): Promise<ApprovalTask> {
    await act(deps, actor, await instanceOfTask(deps, taskId), async (run) => {
      if (run.inst.initiator_id !== actor.userId) throw notInitiator();
      const task = await run.db.get<TaskRow>("SELECT * FROM approval_tasks WHERE id = ?", [taskId]);
      if (!task || task.kind !== "approve" || task.status !== "pending") throw invalidField("id", "approvals.urge_not_pending");
      const last = task.urged_at ? Date.parse(task.urged_at) : 0;
      const wait = last + APPROVAL_LIMITS.urgeIntervalMs - Date.parse(run.at);
      if (wait > 0) throw urgedRecently(Math.ceil(wait / 1000));
      await run.db.run("UPDATE approval_tasks SET urged_at = ? WHERE id = ?", [run.at, taskId]);
      await event(run, { action: "urge", node_key: task.node_key, task_id: task.id, data: { user: task.assignee_id } });
      run.notices.push({ kind: "urged", recipients: [task.assignee_id], taskId });
    });
    return view(taskId);
  }

  async function read(actor: UserActor, taskId: string): Promise<ApprovalTask> {
    const task = await deps.db.get<TaskRow>("SELECT * FROM approval_tasks WHERE id = ?", [taskId]);
    if (!task || task.kind !== "cc") throw taskNotFound();
    if (task.assignee_id !== actor.userId) throw notYourTask();
    await deps.db.run("UPDATE approval_tasks SET status = 'read', read_at = ? WHERE id = ? AND status = 'unread'", [iso(deps.clock.now()), taskId]);
    return view(taskId);
  }

  return { approve, reject, transfer, addApprover, urge, read };
}
