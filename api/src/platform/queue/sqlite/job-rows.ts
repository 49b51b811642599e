import type { Dialect } from "../../db/db.ts";
import type { JobInfo, JobState, ReservedJob } from "../driver.ts";

/** A queue_jobs row as both engines return it (TEXT timestamps, INTEGER counters). */
export type JobRow = {
  id: string;
  queue: string;
  name: string;
  payload: string;
  state: "waiting" | "active" | "completed" | "dead";
  priority: number;
  due_at: string;
  attempt: number;
  max_attempts: number;
  failures: number;
  lease_expiries: number;
  backoff_type: string | null;
  backoff_ms: number;
  lease_token: string | null;
  result: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
};

export const JOB_COLUMNS =
  "id, queue, name, payload, state, priority, due_at, attempt, max_attempts, failures, lease_expiries, " +
  "backoff_type, backoff_ms, lease_token, result, last_error, created_at, finished_at";

/**
 * Takes the next due job under a new lease in one statement, so two reservers never get the
 * same row: SQLite runs it under its write lock; on PostgreSQL the candidate is locked with
 * SKIP LOCKED (concurrent reservers move on to the next row) and the outer conditions are
 * re-checked against the row as committed. A lease that ran out counts as a lease expiry.
 * The job comes back from the same statement (RETURNING): an empty answer means nothing was due.
 */
export function reserveSql(dialect: Dialect): string {
  const lock = dialect === "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
  return `UPDATE queue_jobs SET state = 'active', attempt = attempt + 1,
      lease_expiries = lease_expiries + CASE WHEN state = 'active' THEN 1 ELSE 0 END,
      lease_token = ?, worker_id = ?, due_at = ?, started_at = ?
    WHERE seq = (SELECT seq FROM queue_jobs WHERE queue = ? AND state IN ('waiting', 'active') AND due_at <= ?
        ORDER BY priority, due_at, seq LIMIT 1${lock})
      AND state IN ('waiting', 'active') AND due_at <= ?
    RETURNING ${JOB_COLUMNS}`;
}

export const forUpdate = (dialect: Dialect) => (dialect === "postgres" ? " FOR UPDATE" : "");

export function toReserved<P>(row: JobRow): ReservedJob<P> {
  return {
    queue: row.queue,
    id: row.id,
    leaseToken: row.lease_token ?? "",
    name: row.name,
    payload: JSON.parse(row.payload) as P,
    attempt: Number(row.attempt),
    maxAttempts: Number(row.max_attempts),
    enqueuedAt: new Date(row.created_at),
    leaseExpiresAt: new Date(row.due_at),
  };
}

export function toInfo(row: JobRow, now: Date): JobInfo {
  const waiting = row.state === "waiting";
  const state: JobState = waiting && new Date(row.due_at) > now ? "delayed" : row.state;
  return {
    id: row.id,
    queue: row.queue,
    name: row.name,
    payload: JSON.parse(row.payload),
    state,
    attempt: Number(row.attempt),
    maxAttempts: Number(row.max_attempts),
    priority: Number(row.priority),
    enqueuedAt: new Date(row.created_at),
    runAt: waiting ? new Date(row.due_at) : null,
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    result: row.result === null ? null : JSON.parse(row.result),
    error: row.last_error,
  };
}
