import type { ApprovalNode, ApprovalStatus } from "@ops/shared/contracts/approvals.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import { evaluateCondition } from "../../../platform/expression.ts";
import { delegationAt, delegationNames } from "../delegation/index.ts";
import { administrators, resolveApprovers } from "../resolve/index.ts";
import { dueAt } from "./due.ts";
import type { NodeRow } from "./instance.store.ts";
import { event, nodeOf, type Run } from "./run.ts";
import { closeChildren, startChild, type Steps } from "./subprocess.ts";

const FORM_ROOT: ReadonlySet<string> = new Set(["form"]);

async function nodeState(run: Run, key: string): Promise<NodeRow | undefined> {
  return run.db.get<NodeRow>("SELECT * FROM approval_nodes WHERE instance_id = ? AND node_key = ?", [run.inst.id, key]);
}

/** Marks a node reached (a new round when it was reached before: a send-back). Returns the round. */
async function activate(run: Run, key: string): Promise<number> {
  const s = await nodeState(run, key);
  if (!s) {
    await insertRow(run.db, "approval_nodes", { instance_id: run.inst.id, node_key: key, status: "active", round: 1, arrived: 0, seq: run.seq, updated_at: run.at });
    return 1;
  }
  const round = Number(s.round) + 1;
  await run.db.run("UPDATE approval_nodes SET status = 'active', round = ?, arrived = 0, updated_at = ? WHERE instance_id = ? AND node_key = ?", [round, run.at, run.inst.id, key]);
  return round;
}

/** The node is done; the instance moves on along its single exit. */
export async function leave(run: Run, key: string): Promise<void> {
  await run.db.run("UPDATE approval_nodes SET status = 'done', seq = ?, updated_at = ? WHERE instance_id = ? AND node_key = ?", [++run.seq, run.at, run.inst.id, key]);
  const exits = run.version.edges.filter((e) => e.from === key);
  for (const e of exits) await enter(run, e.to);
}

/** Ends the instance: approved (an end node), rejected or withdrawn; the initiator hears of it. */
export async function finish(run: Run, status: ApprovalStatus, comment: string | null = null): Promise<void> {
  if (status !== "approved") await closeChildren(run, comment, steps);
  await run.db.run("UPDATE approval_tasks SET status = 'closed', decided_at = ? WHERE instance_id = ? AND status IN ('pending', 'waiting')", [run.at, run.inst.id]);
  await run.db.run("UPDATE approval_nodes SET status = 'done', updated_at = ? WHERE instance_id = ? AND status = 'active'", [run.at, run.inst.id]);
  await run.db.run("UPDATE approval_instances SET status = ?, finished_at = ?, updated_at = ? WHERE id = ?", [status, run.at, run.at, run.inst.id]);
  run.inst = { ...run.inst, status, finished_at: run.at };
  await event(run, { action: status, comment });
  run.notices.push({ kind: "decided", recipients: [run.inst.initiator_id], status });
}

/** The instance reaches a node: each type does its part and, unless people must act, moves on. */
export async function enter(run: Run, key: string): Promise<void> {
  if (run.inst.status !== "pending") return;
  const node = nodeOf(run, key);
  if (node.type === "join") return arriveAtJoin(run, node);
  const round = await activate(run, key);
  switch (node.type) {
    case "start":
      return leave(run, key);
    case "end": {
      await run.db.run("UPDATE approval_nodes SET status = 'done', updated_at = ? WHERE instance_id = ? AND node_key = ?", [run.at, run.inst.id, key]);
      const open = await run.db.get("SELECT node_key FROM approval_nodes WHERE instance_id = ? AND status = 'active'", [run.inst.id]);
      if (!open) await finish(run, "approved");
      return;
    }
    case "condition": {
      const exits = run.version.edges.filter((e) => e.from === key);
      const chosen = exits.find((e) => e.condition && safeEvaluate(e.condition, run.form)) ?? exits.find((e) => !e.condition);
      await event(run, { action: "branch", node_key: key, actor_id: null, data: { to: chosen?.to ?? null, condition: chosen?.condition ?? null } });
      await run.db.run("UPDATE approval_nodes SET status = 'done', seq = ?, updated_at = ? WHERE instance_id = ? AND node_key = ?", [++run.seq, run.at, run.inst.id, key]);
      if (chosen) await enter(run, chosen.to);
      return;
    }
    case "parallel":
      return leave(run, key);
    case "cc":
      await createCc(run, node);
      return leave(run, key);
    case "approver":
      return enterApprover(run, node, round);
    case "subprocess":
      return startChild(run, node, steps);
  }
}

/** What subprocess.ts needs of the engine (it cannot import this file: advance.ts calls it). */
export const steps: Steps = { enter, leave, finish };

/** A form value a condition cannot read (a missing field) makes that branch false, not the instance fail. */
function safeEvaluate(condition: string, form: Record<string, unknown>): boolean {
  try {
    return evaluateCondition(condition, { form }, FORM_ROOT);
  } catch {
    return false;
  }
}

/** A join waits for every branch that leads into it. */
async function arriveAtJoin(run: Run, node: ApprovalNode): Promise<void> {
  const s = await nodeState(run, node.key);
  const needed = run.version.edges.filter((e) => e.to === node.key).length;
  if (!s || s.status === "done") await activate(run, node.key);
  await run.db.run("UPDATE approval_nodes SET arrived = arrived + 1 WHERE instance_id = ? AND node_key = ?", [run.inst.id, node.key]);
  const arrived = Number((await nodeState(run, node.key))!.arrived);
  if (arrived >= needed) await leave(run, node.key);
}

async function createCc(run: Run, node: ApprovalNode): Promise<void> {
  const users = node.cc ? await resolveApprovers(run.db, node.cc, resolveCtx(run, node.key)) : [];
  for (const [i, user] of users.entries()) await insertTask(run, node, 1, user, { kind: "cc", status: "unread", seq: i });
  if (users.length) run.notices.push({ kind: "cc", recipients: users });
  await event(run, { action: "cc", node_key: node.key, actor_id: null, data: { users } });
}

const resolveCtx = (run: Run, nodeKey: string) => ({
  initiatorId: run.inst.initiator_id, initiatorDeptId: run.inst.initiator_dept_id, form: run.form, selected: run.selected, nodeKey,
});

export async function insertTask(
  run: Run, node: ApprovalNode, round: number, assignee: string,
  o: { kind?: "approve" | "cc"; status: string; seq: number; parent?: string | null; relation?: string | null; escalatedFrom?: string | null },
): Promise<string> {
  const id = newId();
  // the approver is away: the task goes to their delegate (one hop), who decides in their place
  const away = (o.kind ?? "approve") === "approve" ? await delegationAt(run.db, assignee, run.inst.definition_key, run.at) : undefined;
  const to = away?.delegate_id ?? assignee;
  await insertRow(run.db, "approval_tasks", {
    id, instance_id: run.inst.id, node_key: node.key, node_name: node.name ?? node.key, round, kind: o.kind ?? "approve", assignee_id: to,
    status: o.status, seq: o.seq, parent_task_id: o.parent ?? null, relation: o.relation ?? (away ? "delegate" : null), decided_by: null, decided_at: null,
    comment: null, read_at: null, urged_at: null, created_at: run.at, delegated_from: away ? assignee : null, due_at: o.status === "pending" ? dueAt(node, run.at) : null,
    escalated_from: o.escalatedFrom ?? null,
  });
  // the timeline's "由 <to> 代理 <from>" (approvals.timeline.delegated)
  if (away) await event(run, { action: "delegated", node_key: node.key, task_id: id, actor_id: null, data: await delegationNames(run.db, assignee, to) });
  if (o.status === "pending") run.notices.push({ kind: "task", recipients: [to], taskId: id });
  return id;
}

/** Who approved the approver node the instance passed just before this one (dedupe of consecutive approvers). */
async function previousApprovers(run: Run, key: string): Promise<Set<string>> {
  const prev = await previousApproverNode(run, key);
  if (!prev) return new Set();
  const rows = await run.db.all<{ assignee_id: string }>(
    "SELECT t.assignee_id FROM approval_tasks t JOIN approval_nodes n ON n.instance_id = t.instance_id AND n.node_key = t.node_key AND n.round = t.round WHERE t.instance_id = ? AND t.node_key = ? AND t.kind = 'approve' AND t.status = 'approved'",
    [run.inst.id, prev],
  );
  return new Set(rows.map((r) => r.assignee_id));
}

/** The approver node completed last before `key` (reject to previous, dedupe). */
export async function previousApproverNode(run: Run, key: string): Promise<string | null> {
  const done = await run.db.all<{ node_key: string }>("SELECT node_key FROM approval_nodes WHERE instance_id = ? AND status = 'done' AND node_key <> ? ORDER BY seq DESC", [run.inst.id, key]);
  return done.find((d) => run.version.nodes.find((n) => n.key === d.node_key)?.type === "approver")?.node_key ?? null;
}

async function enterApprover(run: Run, node: ApprovalNode, round: number): Promise<void> {
  const resolved = node.approvers ? await resolveApprovers(run.db, node.approvers, resolveCtx(run, node.key)) : [];
  let people = resolved;
  if (!resolved.length) {
    const policy = node.on_empty ?? "auto_pass";
    await event(run, { action: "nobody", node_key: node.key, actor_id: null, data: { policy } });
    if (policy === "reject") return finish(run, "rejected");
    people = policy === "to_admin" ? await administrators(run.db) : [];
    if (!people.length) return leave(run, node.key);
  } else if (run.version.settings.dedupe) {
    const previous = await previousApprovers(run, node.key);
    const skipped = resolved.filter((u) => u === run.inst.initiator_id || previous.has(u));
    for (const u of skipped) {
      await event(run, { action: "auto_approved", node_key: node.key, actor_id: u, data: { reason: u === run.inst.initiator_id ? "initiator" : "previous_node" } });
    }
    // someone skipped counts as approving: an or-sign node passes, the others go on with the rest
    if (skipped.length && (node.mode ?? "or") === "or") return leave(run, node.key);
    people = resolved.filter((u) => !skipped.includes(u));
    if (!people.length) return leave(run, node.key);
  }
  const sequential = node.mode === "sequential";
  for (const [i, user] of people.entries()) await insertTask(run, node, round, user, { status: sequential && i > 0 ? "waiting" : "pending", seq: i });
  await event(run, { action: "assigned", node_key: node.key, actor_id: null, data: { users: people, mode: node.mode ?? "or" } });
}
