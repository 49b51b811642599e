import { iso } from "../../../platform/clock.ts";
import type { JobsDeps } from "../jobs.deps.ts";
import { enqueueAttempt } from "./attempt.ts";

/** A queued attempt untouched this long is looked at again (enqueues go out within milliseconds of their commit). */
export const STRANDED_AFTER_MS = 30_000;
/** How often the scheduler role looks. */
export const STRANDED_SWEEP_MS = 15_000;
/** Attempts re-sent per pass, oldest first. */
const BATCH = 200;

/**
 * Runs left `queued` with nothing on the queue. An attempt goes on the queue after the commit that records it
 * (the scheduler's fire batch, a manual or chat trigger, a retry), so a process that dies in between (SIGKILL, OOM;
 * the cluster test caught a scheduler killed just after a tick's commit) or an enqueue that fails (the queue out of
 * reach a moment) leaves the run queued for ever. This sends each queued attempt older than `olderThanMs` again
 * under its idempotency key (`run:<id>:<attempt>`): while its job exists on the queue (waiting, delayed, running,
 * finished or dead) the queue returns that job and nothing changes, so only a lost attempt is put back. A backfill's
 * periods not yet released (enqueued = 0) and runs with a cancel asked are left alone. Answers how many were sent.
 */
export async function requeueStranded(deps: JobsDeps, olderThanMs = STRANDED_AFTER_MS): Promise<number> {
  const cutoff = iso(new Date(deps.clock.now().getTime() - olderThanMs));
  const rows = await deps.db.all<{ id: string; attempt: number | string; definition: string | null; priority: number | string | null }>(
    `SELECT r.id, r.attempt, r.definition, j.priority FROM job_runs r LEFT JOIN jobs j ON j.id = r.job_id
     WHERE r.status = 'queued' AND r.queued_at < ? AND r.updated_at < ? AND r.enqueued = 1 AND r.cancel_requested = 0
       AND (r.next_attempt_at IS NULL OR r.next_attempt_at < ?)
     ORDER BY r.queued_at LIMIT ${BATCH}`,
    [cutoff, cutoff, cutoff],
  );
  for (const r of rows) {
    await enqueueAttempt(deps, { id: r.id, attempt: Number(r.attempt), inline: r.definition !== null }, Number(r.priority ?? 0));
  }
  return rows.length;
}
