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
 * Takes up to n due jobs under new leases in one statement, so two reservers never get the same
 * row: SQLite runs it under its write lock; on PostgreSQL the candidates are locked with SKIP
 * LOCKED (concurrent reservers move on to the next rows) and the outer conditions are re-checked
 * against the rows as committed. A lease that ran out counts as a lease expiry. Waiting jobs and
 * lapsed leases are read apart, each in queue_jobs_next order (queue, state, priority, due_at,
 * seq): with `state IN (...)` the index cannot give that order and PostgreSQL sorted the whole
 * due backlog on every reservation (5 ms at 5,000 jobs). The candidate sets are MATERIALIZED so
 * the LIMIT ... SKIP LOCKED subqueries run once. Each job's token is the batch's random prefix
 * plus its seq. The jobs come back from the same statement (RETURNING), in no particular order.
 *
 * Parameters: queue, now, n, queue, now, n, n, token prefix, worker id, lease end, now, now.
 */
export function reserveManySql(dialect: Dialect): string {
  const lock = dialect === "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
  const candidates = (state: string) =>
    `SELECT seq, priority, due_at FROM queue_jobs WHERE queue = ? AND state = '${state}' AND due_at <= ?
        ORDER BY priority, due_at, seq LIMIT ?${lock}`;
  return `WITH waiting AS MATERIALIZED (${candidates("waiting")}),
      lapsed AS MATERIALIZED (${candidates("active")}),
      picked AS MATERIALIZED (SELECT seq FROM (SELECT * FROM waiting UNION ALL SELECT * FROM lapsed) c
        ORDER BY priority, due_at, seq LIMIT ?)
    UPDATE queue_jobs SET state = 'active', attempt = attempt + 1,
      lease_expiries = lease_expiries + CASE WHEN state = 'active' THEN 1 ELSE 0 END,
      lease_token = CAST(? AS TEXT) || CAST(seq AS TEXT), worker_id = ?, due_at = ?, started_at = ?
    WHERE seq IN (SELECT seq FROM picked) AND state IN ('waiting', 'active') AND due_at <= ?
    RETURNING seq, ${JOB_COLUMNS}`;
}

/** A row reserveManySql returned: seq orders it within its priority. */
export type ReservedRow = JobRow & { seq: number | string };

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
