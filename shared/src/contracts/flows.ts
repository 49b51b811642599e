/**
 * Flows (DAGs of jobs): the words the API, the bot, the cards and the PWA share. Pure: no I/O.
 * The API validates with zod schemas built from these lists.
 */
import type { JobRetries, JobSchedule, JobType, MisfirePolicy, RunStatus, RunTrigger } from "./jobs.ts";

/**
 * What a node does. `job`: runs a saved job (`job` names it, by name or id). http/shell/sql/script:
 * an inline step with its own `config` (same shapes as jobs). `condition`: evaluates `condition` over
 * upstream results and params and picks a branch. `wait`: pauses until a person continues or rejects it.
 */
export const FLOW_NODE_TYPES = ["job", "http", "shell", "sql", "script", "condition", "wait"] as const;
export type FlowNodeType = (typeof FLOW_NODE_TYPES)[number];

/**
 * When a node may start, from its upstream nodes' states (Airflow's trigger rules).
 * all_success (default): every upstream succeeded. all_done: every upstream ended, whatever the outcome.
 * one_success: as soon as one upstream succeeded. one_failed: as soon as one failed (or timed out).
 * none_failed: every upstream ended and none failed (succeeded or skipped).
 * A node whose rule can no longer be met ends `upstream_failed` (an upstream failed) or `skipped`.
 */
export const TRIGGER_RULES = ["all_success", "all_done", "one_success", "one_failed", "none_failed"] as const;
export type TriggerRule = (typeof TRIGGER_RULES)[number];

/** pending 等待上游 → queued 排队中 → running 运行中 | waiting 等待处理 → final. */
export const FLOW_NODE_STATUSES = ["pending", "queued", "running", "waiting", "succeeded", "failed", "timed_out", "cancelled", "skipped", "upstream_failed"] as const;
export type FlowNodeStatus = (typeof FLOW_NODE_STATUSES)[number];
export const FINAL_FLOW_NODE_STATUSES: readonly FlowNodeStatus[] = ["succeeded", "failed", "timed_out", "cancelled", "skipped", "upstream_failed"];

/** A flow instance: queued → running (waiting while a wait node holds it) → succeeded | failed | cancelled. */
export const FLOW_RUN_STATUSES = ["queued", "running", "waiting", "succeeded", "failed", "cancelled"] as const;
export type FlowRunStatus = (typeof FLOW_RUN_STATUSES)[number];
export const FINAL_FLOW_RUN_STATUSES: readonly FlowRunStatus[] = ["succeeded", "failed", "cancelled"];

export const FLOW_LIMITS = {
  /** same rule as job names: what chat commands use */
  namePattern: "^[a-z][a-z0-9_-]{1,62}$",
  /** node keys: a letter first, then letters, digits and `_` (they appear in expressions: `nodes.load.output`) */
  nodeKeyPattern: "^[A-Za-z][A-Za-z0-9_]{0,39}$",
  nodesMax: 200,
  edgesMax: 1000,
  shardsMax: 64,
  conditionMax: 500,
  descriptionMax: 500,
} as const;

export type FlowNode = {
  key: string;
  /** display name (defaults to the key) */
  name?: string;
  type: FlowNodeType;
  /** `job` nodes: the job's name or id */
  job?: string;
  /** inline steps: the runner config, as for a job of that type */
  config?: Record<string, unknown>;
  /** merged over the job's params; strings may use job placeholders and `{nodes.<key>.output…}` / `{params.<name>}` */
  params?: Record<string, unknown>;
  trigger_rule?: TriggerRule;
  /** `condition` nodes: a safe expression (jsep; no calls, no eval), e.g. `nodes.A.output.count > 100` */
  condition?: string;
  /** sharding broadcast: run this step as N parallel shards ({shardIndex} 0..N-1, {shardTotal} N); it succeeds when all do */
  shards?: number;
  /** inline steps (jobs keep their own) */
  timeout_s?: number;
  retries?: JobRetries;
  /** designer layout; absent: auto-layout */
  position?: { x: number; y: number };
  /** `wait` nodes: an approval gate (reaching the node starts the approval, its outcome decides the node) */
  approval?: FlowApprovalGate;
};

/**
 * A wait node as an approval gate: reaching it starts an approval of `definition` (a published
 * definition's key) as `initiator` (a user id or username; default: who triggered the run), titled
 * `title` (default "<flow> · <node>"), with form values from templates over `{params.<name>}` and
 * `{nodes.<key>.output…}`. Approved → the node succeeds; rejected or withdrawn → it fails; cancelling
 * the run withdraws the approval.
 */
export type FlowApprovalGate = { definition: string; title?: string; form?: Record<string, string>; initiator?: string };

/** An edge. Out of a `condition` node it carries the branch it takes: `when` true (default) or false. */
export type FlowEdge = { from: string; to: string; when?: boolean };

/**
 * Who hears of a flow's failed runs (`alerts` in the flow body): one alert per episode, a recovery
 * notice on the next success. Recipients as for jobs (the owner, users, roles), each only when the
 * flow's owner department is in their data scope.
 */
export type FlowAlerts = {
  on_failure: boolean;
  /** a wait node still waiting this many seconds after it began: one alert per episode */
  wait_grace_s?: number;
  recipients: { users: string[]; roles: string[]; owner: boolean };
};
export const DEFAULT_FLOW_ALERTS: FlowAlerts = { on_failure: true, recipients: { users: [], roles: [], owner: true } };

export type Flow = {
  id: string;
  name: string;
  description: string;
  /** every save makes a new version; runs stay on the version they started with */
  version: number;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** defaults, overridden by a run's params */
  params: Record<string, unknown>;
  owner_department_id: string | null;
  owner_department_name: string | null;
  tags: string[];
  alerts: FlowAlerts;
  /** the shapes of a job's schedule; null: runs only when started */
  schedule: JobSchedule;
  misfire: MisfirePolicy;
  /** paused: the schedule does not fire (runs can still be started) */
  status: "enabled" | "paused";
  /** the next scheduled fire (null: none, paused, or a fixed delay waiting for its run to end) */
  next_fire_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** list answers only */
  last_run?: { id: string; status: FlowRunStatus; started_at: string | null; finished_at: string | null } | null;
};

export type FlowVersion = { flow_id: string; version: number; nodes: FlowNode[]; edges: FlowEdge[]; params: Record<string, unknown>; created_by: string | null; created_by_name: string | null; created_at: string };

export type FlowNodeRun = {
  key: string;
  name: string;
  type: FlowNodeType;
  status: FlowNodeStatus;
  /** the job runs behind a job or inline node (one per shard) */
  run_ids: string[];
  /** condition nodes: the branch taken */
  result?: boolean | null;
  /** the step's output: JSON when the run printed JSON, else text (capped) */
  output?: unknown;
  error?: string | null;
  /** wait nodes: who continued or rejected it, and their comment */
  decided_by?: string | null;
  decided_by_name?: string | null;
  comment?: string | null;
  /** wait nodes that are approval gates: the approval they started (`/approvals/{id}`) */
  approval_id?: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
};

export type FlowRun = {
  id: string;
  flow_id: string;
  flow_name: string;
  version: number;
  status: FlowRunStatus;
  trigger: RunTrigger | "flow";
  triggered_by: string | null;
  triggered_by_name: string | null;
  params: Record<string, unknown>;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  error: string | null;
  nodes: FlowNodeRun[];
};

/** What a wait node's person decides. */
export const WAIT_DECISIONS = ["continue", "reject"] as const;
export type WaitDecision = (typeof WAIT_DECISIONS)[number];

export type { JobType, RunStatus };
