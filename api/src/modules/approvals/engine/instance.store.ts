import type { ApprovalEvent, ApprovalInstance, ApprovalStatus, ApprovalTask, TaskRelation, TaskStatus } from "@ops/shared/contracts/approvals.ts";
import type { Db } from "../../../platform/db/db.ts";
import { loadVersion } from "../definitions/index.ts";

export type InstanceRow = {
  id: string; definition_id: string; definition_key: string; definition_name: string; version: number | string; title: string; form: string; selected: string;
  status: ApprovalStatus; initiator_id: string; initiator_dept_id: string | null; created_at: string; updated_at: string; finished_at: string | null;
  /** a subprocess's child: the parent instance and its node (migration 033) */
  parent_id?: string | null; parent_node?: string | null;
};

export type TaskRow = {
  id: string; instance_id: string; node_key: string; node_name: string; round: number | string; kind: "approve" | "cc"; assignee_id: string;
  status: TaskStatus; seq: number | string; parent_task_id: string | null; relation: TaskRelation;
  decided_by: string | null; decided_at: string | null; comment: string | null; read_at: string | null; urged_at: string | null; created_at: string;
  /** the approver a delegated task acts for (migration 029) */
  delegated_from: string | null;
  /** when the node's timeout fires next for this pending task (timeouts/) */
  due_at: string | null;
  /** an escalated task: the task whose timeout gave it to this assignee (migration 037); tasks sharing it share one say */
  escalated_from?: string | null;
};

export type NodeRow = { instance_id: string; node_key: string; status: "active" | "done"; round: number | string; arrived: number | string; seq: number | string; updated_at: string };

/** Open tasks: someone still has to act on them. */
export const OPEN: readonly TaskStatus[] = ["pending", "waiting"];

export const TASK_SELECT = `t.*, i.title AS instance_title, i.status AS instance_status, i.definition_key, i.initiator_id,
  iu.display_name AS initiator_name, au.display_name AS assignee_name, du.display_name AS decided_by_name, fu.display_name AS delegated_from_name`;
export const TASK_FROM = `approval_tasks t JOIN approval_instances i ON i.id = t.instance_id
  LEFT JOIN users iu ON iu.id = i.initiator_id LEFT JOIN users au ON au.id = t.assignee_id LEFT JOIN users du ON du.id = t.decided_by
  LEFT JOIN users fu ON fu.id = t.delegated_from`;

type TaskView = TaskRow & { instance_title: string; instance_status: ApprovalStatus; definition_key: string; initiator_id: string; initiator_name: string | null; assignee_name: string | null; decided_by_name: string | null; delegated_from_name: string | null };

export function toTask(r: TaskView): ApprovalTask {
  return {
    id: r.id, instance_id: r.instance_id, instance_title: r.instance_title, instance_status: r.instance_status, definition_key: r.definition_key,
    initiator_id: r.initiator_id, initiator_name: r.initiator_name, node_key: r.node_key, node_name: r.node_name, kind: r.kind,
    assignee_id: r.assignee_id, assignee_name: r.assignee_name, status: r.status, relation: r.relation, decided_by: r.decided_by,
    decided_by_name: r.decided_by_name, decided_at: r.decided_at, comment: r.comment, read_at: r.read_at, created_at: r.created_at,
    delegated_from: r.delegated_from ?? null, delegated_from_name: r.delegated_from_name ?? null,
  };
}

export async function loadTaskView(db: Db, id: string): Promise<ApprovalTask | undefined> {
  const r = await db.get<TaskView>(`SELECT ${TASK_SELECT} FROM ${TASK_FROM} WHERE t.id = ?`, [id]);
  return r ? toTask(r) : undefined;
}

/** A subprocess node's open child: the one its latest `subprocess.started` names. */
const childOf = (timeline: ApprovalEvent[], nodeKey: string): string | null =>
  (timeline.findLast((e) => e.action === "subprocess.started" && e.node_key === nodeKey)?.data.child_id as string | undefined) ?? null;

/** The whole instance as GET /approvals/{id} answers it: form, the nodes holding it with their open tasks, the timeline. */
export async function loadInstance(db: Db, id: string): Promise<ApprovalInstance | undefined> {
  const r = await db.get<InstanceRow & { initiator_name: string | null }>(
    "SELECT i.*, u.display_name AS initiator_name FROM approval_instances i LEFT JOIN users u ON u.id = i.initiator_id WHERE i.id = ?", [id],
  );
  if (!r) return undefined;
  const version = await loadVersion(db, r.definition_id, Number(r.version));
  const tasks = (await db.all<TaskView>(`SELECT ${TASK_SELECT} FROM ${TASK_FROM} WHERE t.instance_id = ? ORDER BY t.created_at, t.seq, t.id`, [id])).map(toTask);
  const active = await db.all<NodeRow>("SELECT * FROM approval_nodes WHERE instance_id = ? AND status = 'active' ORDER BY seq, node_key", [id]);
  const events = await db.all<Omit<ApprovalEvent, "data"> & { data: string; actor_name: string | null }>(
    "SELECT e.id, e.action, e.node_key, e.task_id, e.actor_id, u.display_name AS actor_name, e.comment, e.data, e.created_at FROM approval_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.instance_id = ? ORDER BY e.seq",
    [id],
  );
  const nodeOf = (key: string) => version?.nodes.find((n) => n.key === key);
  const timeline: ApprovalEvent[] = events.map((e) => ({ ...e, data: JSON.parse(e.data) }));
  return {
    id: r.id, definition_id: r.definition_id, definition_key: r.definition_key, definition_name: r.definition_name, version: Number(r.version),
    title: r.title, form: JSON.parse(r.form), status: r.status, initiator_id: r.initiator_id, initiator_name: r.initiator_name,
    created_at: r.created_at, updated_at: r.updated_at, finished_at: r.finished_at, parent_id: r.parent_id ?? null,
    current: r.status !== "pending" ? [] : active.filter((n) => ["approver", "subprocess"].includes(nodeOf(n.node_key)?.type ?? "")).map((n) => nodeOf(n.node_key)!.type === "subprocess"
      ? { node_key: n.node_key, node_name: nodeOf(n.node_key)?.name ?? n.node_key, mode: null, tasks: [], child_id: childOf(timeline, n.node_key) }
      : {
        node_key: n.node_key, node_name: nodeOf(n.node_key)?.name ?? n.node_key, mode: nodeOf(n.node_key)?.mode ?? "or",
        tasks: tasks.filter((t) => t.node_key === n.node_key && t.kind === "approve" && OPEN.includes(t.status)),
      }),
    timeline,
  };
}
