import type { Job, RunStatus } from "@ops/shared/contracts/jobs.ts";
import { backoffDelay } from "../../../platform/queue/index.ts";
import { iso } from "../../../platform/clock.ts";
import type { JobsDeps } from "../jobs.deps.ts";
import { RUNS_QUEUE, RUN_JOB_NAME } from "../jobs.deps.ts";
import type { RunEvents } from "./run-events.ts";
import { RUN_RETURNING, type RunRow } from "./run.store.ts";

/** `inline`: a flow's inline step (its definition stored on the run): the worker may start it in one statement */
export type RunPayload = { runId: string; attempt: number; inline?: boolean };

/** Up to +10% on every backoff, so runs that failed together do not retry in lockstep. */
export const JITTER = 0.1;

export type AttemptOutcome = {
  status: Exclude<RunStatus, "queued" | "running">;
  exitCode?: number | null;
  httpStatus?: number | null;
  output?: string | null;
  error?: string | null;
  reason?: string | null;
  durationMs?: number | null;
  /** no retry whatever the policy says (cancel, bad config) */
  final?: boolean;
};

/** Puts one attempt of a run on the queue (after the surrounding commit, if any). */
export function enqueueAttempt(deps: JobsDeps, run: { id: string; attempt: number; inline?: boolean }, priority: number, runAt?: Date) {
  const payload: RunPayload = run.inline ? { runId: run.id, attempt: run.attempt, inline: true } : { runId: run.id, attempt: run.attempt };
  const send = () => deps.queue.enqueue<RunPayload>(RUNS_QUEUE, RUN_JOB_NAME, payload, {
    priority, runAt, idempotencyKey: `run:${run.id}:${run.attempt}`,
  });
  if (deps.db.inTx()) deps.db.afterCommit(send);
  else return send();
}

/**
 * Records how an attempt ended. An outcome the job's retry policy names, with attempts left and
 * no cancel asked, puts the run back to queued with the next attempt due after the backoff
 * (+ jitter); anything else is the run's final state. Conditional on the attempt still being
 * the run's, so a late finisher (a worker that lost its lease) changes nothing.
 */
export async function finishAttempt(deps: JobsDeps, events: RunEvents, run: RunRow, job: Pick<Job, "retries" | "priority"> | null, o: AttemptOutcome): Promise<"retry" | "final" | "stale"> {
  const { db, clock } = deps;
  const attempt = Number(run.attempt);
  const now = clock.now();
  const retry = !o.final && job !== null && (job.retries.on as string[]).includes(o.status) && attempt < Number(run.max_attempts);
  if (retry) {
    const base = backoffDelay({ type: job!.retries.backoff.type, delayMs: job!.retries.backoff.delay_ms }, attempt);
    const delay = Math.round(base * (1 + JITTER * (deps.random ?? Math.random)()));
    const due = new Date(now.getTime() + delay);
    const moved = await db.tx(async () => {
      const row = await db.get<RunRow>(
        `UPDATE job_runs SET status = 'queued', attempt = ?, next_attempt_at = ?, error = ?, exit_code = ?, http_status = ?, output = ?,
         duration_ms = ?, worker_id = NULL, updated_at = ? WHERE id = ? AND attempt = ? AND status IN ('queued', 'running') RETURNING ${RUN_RETURNING}`,
        [attempt + 1, iso(due), o.error ?? null, o.exitCode ?? null, o.httpStatus ?? null, o.output ?? null, o.durationMs ?? null, iso(now), run.id, attempt],
      );
      if (!row) return undefined;
      await insertSystemLine(deps, run.id, `attempt ${attempt} ${o.status}${o.error ? `: ${o.error}` : ""}; retry ${attempt + 1}/${run.max_attempts} in ${delay} ms\n`);
      enqueueAttempt(deps, { id: run.id, attempt: attempt + 1, inline: !!run.definition }, job!.priority, due);
      return row;
    });
    if (moved) await events.statusChanged(run.id, { row: moved, job: asJob(job) });
    return moved ? "retry" : "stale";
  }
  const moved = await db.get<RunRow>(
    `UPDATE job_runs SET status = ?, finished_at = ?, duration_ms = ?, exit_code = ?, http_status = ?, output = ?, error = ?, reason = COALESCE(?, reason),
     next_attempt_at = NULL, updated_at = ? WHERE id = ? AND attempt = ? AND status IN ('queued', 'running') RETURNING ${RUN_RETURNING}`,
    [o.status, iso(now), o.durationMs ?? null, o.exitCode ?? null, o.httpStatus ?? null, o.output ?? null, o.error ?? null, o.reason ?? null, iso(now), run.id, attempt],
  );
  if (moved) await events.statusChanged(run.id, { row: moved, job: asJob(job) });
  if (moved && run.backfill_id) await advanceBackfill(deps, run.backfill_id);
  return moved ? "final" : "stale";
}

/** The whole definition when the caller had one (the hooks then need not read the job), else nothing known. */
const asJob = (job: Pick<Job, "retries" | "priority"> | null): Job | undefined => (job && "id" in job ? (job as Job) : undefined);

/** A line of the engine's own in the run's log (attempts, retries, skips). */
export async function insertSystemLine(deps: Pick<JobsDeps, "db" | "clock">, runId: string, text: string) {
  const { db, clock } = deps;
  await db.run(
    `INSERT INTO job_run_logs (run_id, seq, stream, text, created_at)
     SELECT ?, COALESCE(MAX(seq), 0) + 1, 'system', ?, ? FROM job_run_logs WHERE run_id = ?`,
    [runId, text, iso(clock.now()), runId],
  );
}

/** After a backfill run ends, the next period not on the queue yet goes on it (parallelism stays bounded). */
export async function advanceBackfill(deps: JobsDeps, backfillId: string) {
  const next = await deps.db.get<{ id: string }>(
    `UPDATE job_runs SET enqueued = 1 WHERE id = (SELECT id FROM job_runs WHERE backfill_id = ? AND enqueued = 0 AND status = 'queued' ORDER BY biz_date LIMIT 1)
     RETURNING id`,
    [backfillId],
  );
  if (next) await enqueueAttempt(deps, { id: next.id, attempt: 1 }, 0);
}

