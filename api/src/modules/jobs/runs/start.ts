import type { Job } from "@ops/shared/contracts/jobs.ts";
import { iso } from "../../../platform/clock.ts";
import type { JobsDeps } from "../jobs.deps.ts";
import { CANCEL_CHANNEL } from "../jobs.deps.ts";
import { insertSystemLine } from "./attempt.ts";
import type { RunEvents } from "./run-events.ts";
import { RUN_RETURNING, type RunRow } from "./run.store.ts";

/**
 * Moves a queued attempt to running under the job's concurrency policy, in one transaction
 * (PostgreSQL: with a per-job advisory lock, so two workers starting runs of one job decide in
 * turn). forbid: the newcomer is skipped, with the running run named in `reason`; replace: the
 * running ones are asked to cancel (whichever process runs them hears it) and this one starts.
 */
export async function startRun(deps: JobsDeps, events: RunEvents, run: RunRow, job: Job, workerId: string): Promise<"started" | "skipped" | "gone"> {
  const { db, clock } = deps;
  const now = iso(clock.now());
  const result = await db.tx(async (): Promise<["started" | "skipped" | "gone", RunRow | undefined]> => {
    // allow: nothing to decide about the others (flow steps, most jobs), so no lock and no look
    const decides = job.concurrency !== "allow";
    if (decides && db.dialect === "postgres") await db.run("SELECT pg_advisory_xact_lock(hashtext(?))", [`job:${job.id}`]);
    const running = decides ? await db.all<{ id: string }>("SELECT id FROM job_runs WHERE job_id = ? AND status = 'running' AND id <> ?", [job.id, run.id]) : [];
    if (running.length > 0 && job.concurrency === "forbid") {
      const skipped = await db.get<RunRow>(
        `UPDATE job_runs SET status = 'skipped', reason = ?, error = ?, finished_at = ?, updated_at = ? WHERE id = ? AND status = 'queued' RETURNING ${RUN_RETURNING}`,
        ["jobs.skipped_overlap", `run ${running[0]!.id} of this job is still running (concurrency: forbid)`, now, now, run.id],
      );
      return [skipped ? "skipped" : "gone", skipped];
    }
    if (running.length > 0 && job.concurrency === "replace") {
      for (const r of running) {
        await db.run("UPDATE job_runs SET cancel_requested = 1, reason = ?, updated_at = ? WHERE id = ? AND status = 'running'", ["jobs.replaced", now, r.id]);
        await insertSystemLine(deps, r.id, `replaced by run ${run.id} (concurrency: replace)\n`);
        await db.notify(CANCEL_CHANNEL, r.id);
      }
    }
    const moved = await db.get<RunRow>(
      `UPDATE job_runs SET status = 'running', started_at = COALESCE(started_at, ?), worker_id = ?, next_attempt_at = NULL, updated_at = ?
       WHERE id = ? AND status = 'queued' AND attempt = ? AND cancel_requested = 0 RETURNING ${RUN_RETURNING}`,
      [now, workerId, now, run.id, run.attempt],
    );
    return [moved ? "started" : "gone", moved];
  });
  await events.statusChanged(run.id, { row: result[1], job });
  return result[0];
}
