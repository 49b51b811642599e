import type { JobRun, RunStatus } from "@ops/shared/contracts/jobs.ts";
import type { Db } from "../../../platform/db/db.ts";

export type RunRow = Omit<JobRun, "params" | "trigger" | "attempt" | "max_attempts" | "duration_ms" | "exit_code" | "http_status" | "triggered_by_name"> & {
  params: string;
  trigger_kind: JobRun["trigger"];
  triggered_by_name?: string | null;
  attempt: number | string;
  max_attempts: number | string;
  duration_ms: number | string | null;
  exit_code: number | string | null;
  http_status: number | string | null;
  owner_department_id: string | null;
  occurrence_key: string | null;
  enqueued: number | string;
  worker_id: string | null;
  cancel_requested: number | string;
  updated_at: string;
  flow_run_id?: string | null;
  node_key?: string | null;
  shard_index?: number | string | null;
  shard_total?: number | string | null;
  shard_group?: string | null;
  /** inline flow steps: the definition (a Job, JSON) taken when queued */
  definition?: string | null;
  /** 1 once a chat card of the run was recorded (notify sets it; migration 032) */
  has_cards?: number | string;
};

export const RUN_SELECT = "r.*, u.username AS triggered_by_name";
/**
 * The same row as RUN_SELECT from an INSERT or UPDATE of job_runs (`… RETURNING ${RUN_RETURNING}`):
 * a status transition hands the run as stored to the status hooks without reading it again.
 */
export const RUN_RETURNING = "*, (SELECT u.username FROM users u WHERE u.id = job_runs.triggered_by) AS triggered_by_name";
export const RUN_FROM = "job_runs r LEFT JOIN users u ON u.id = r.triggered_by";

const num = (v: number | string | null) => (v === null || v === undefined ? null : Number(v));

export function toRun(r: RunRow): JobRun {
  return {
    id: r.id, job_id: r.job_id, job_name: r.job_name, status: r.status, trigger: r.trigger_kind,
    triggered_by: r.triggered_by, triggered_by_name: r.triggered_by_name ?? null, params: JSON.parse(r.params),
    attempt: Number(r.attempt), max_attempts: Number(r.max_attempts), scheduled_for: r.scheduled_for, biz_date: r.biz_date,
    backfill_id: r.backfill_id, queued_at: r.queued_at, started_at: r.started_at, finished_at: r.finished_at,
    duration_ms: num(r.duration_ms), exit_code: num(r.exit_code), http_status: num(r.http_status),
    output: r.output, error: r.error, reason: r.reason, next_attempt_at: r.next_attempt_at,
    flow_run_id: r.flow_run_id ?? null, node_key: r.node_key ?? null, shard_index: num(r.shard_index ?? null), shard_total: num(r.shard_total ?? null),
    shard_group: r.shard_group ?? null,
  };
}

export async function loadRunRow(db: Db, id: string): Promise<RunRow | undefined> {
  return db.get<RunRow>(`SELECT ${RUN_SELECT} FROM ${RUN_FROM} WHERE r.id = ?`, [id]);
}

export const isFinal = (s: RunStatus) => s !== "queued" && s !== "running";
