import type { FlowNodeRun, FlowNodeStatus, FlowNodeType, FlowRun, FlowRunStatus } from "@ops/shared/contracts/flows.ts";
import type { RunTrigger } from "@ops/shared/contracts/jobs.ts";
import type { Db } from "../../../platform/db/db.ts";

export type FlowRunRow = {
  id: string;
  flow_id: string;
  flow_name: string;
  version: number | string;
  owner_department_id: string | null;
  status: FlowRunStatus;
  trigger_kind: RunTrigger | "flow";
  triggered_by: string | null;
  triggered_by_name?: string | null;
  params: string;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | string | null;
  error: string | null;
  /** rounds of retry from the failed nodes (engine/retry.ts) */
  retries?: number | string;
  /** 1 once a chat card of the instance was recorded (notify sets it; migration 032) */
  has_cards?: number | string;
  updated_at: string;
};

export type NodeRow = {
  flow_run_id: string;
  node_key: string;
  name: string;
  type: FlowNodeType;
  status: FlowNodeStatus;
  seq: number | string;
  run_ids: string;
  result: number | string | null;
  /** JSON of the step's output (parsed when the run printed JSON, else its text) */
  output: string | null;
  error: string | null;
  decided_by: string | null;
  decided_by_name?: string | null;
  comment: string | null;
  /** wait nodes that are approval gates: the approval started */
  approval_id?: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | string | null;
};

export const FLOW_RUN_SELECT = "r.*, u.username AS triggered_by_name";
export const FLOW_RUN_FROM = "flow_runs r LEFT JOIN users u ON u.id = r.triggered_by";
const num = (v: number | string | null) => (v === null || v === undefined ? null : Number(v));

export function toNodeRun(n: NodeRow): FlowNodeRun {
  return {
    key: n.node_key, name: n.name, type: n.type, status: n.status, run_ids: JSON.parse(n.run_ids),
    ...(n.type === "condition" ? { result: n.result === null ? null : Number(n.result) === 1 } : {}),
    output: n.output === null ? null : JSON.parse(n.output), error: n.error,
    ...(n.type === "wait" ? { decided_by: n.decided_by, decided_by_name: n.decided_by_name ?? null, comment: n.comment, approval_id: n.approval_id ?? null } : {}),
    started_at: n.started_at, finished_at: n.finished_at, duration_ms: num(n.duration_ms),
  };
}

export function toFlowRun(r: FlowRunRow, nodes: NodeRow[] | null): FlowRun {
  return {
    id: r.id, flow_id: r.flow_id, flow_name: r.flow_name, version: Number(r.version), status: r.status, trigger: r.trigger_kind,
    triggered_by: r.triggered_by, triggered_by_name: r.triggered_by_name ?? null, params: JSON.parse(r.params),
    queued_at: r.queued_at, started_at: r.started_at, finished_at: r.finished_at, duration_ms: num(r.duration_ms), error: r.error,
    nodes: nodes ? [...nodes].sort((a, b) => Number(a.seq) - Number(b.seq)).map(toNodeRun) : [],
  };
}

export async function loadNodeRows(db: Db, flowRunId: string): Promise<NodeRow[]> {
  return db.all<NodeRow>(
    "SELECT n.*, u.username AS decided_by_name FROM flow_run_nodes n LEFT JOIN users u ON u.id = n.decided_by WHERE n.flow_run_id = ? ORDER BY n.seq",
    [flowRunId],
  );
}

export async function loadFlowRun(db: Db, id: string): Promise<FlowRun | undefined> {
  const row = await db.get<FlowRunRow>(`SELECT ${FLOW_RUN_SELECT} FROM ${FLOW_RUN_FROM} WHERE r.id = ?`, [id]);
  return row ? toFlowRun(row, await loadNodeRows(db, id)) : undefined;
}

/** A step's output for conditions and `{nodes.X.output…}`: JSON when it is JSON (an HTTP step's body too), else the text. */
export function parseOutput(text: string | null): unknown {
  if (text === null || text === undefined) return null;
  const body = text.replace(/^HTTP \d{3} /, "").trim();
  if (!body) return text.trim() === "" ? "" : text;
  try {
    return JSON.parse(body);
  } catch {
    return text.trimEnd();
  }
}
