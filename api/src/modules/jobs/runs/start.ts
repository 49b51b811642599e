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
 * allow (flow steps, most jobs): nothing to decide about the others, so one UPDATE, no transaction.
 *
 * `announced`: the status change's event and hooks (flows marking the node running, chat cards),
 * left running beside the work so they do not delay it; the caller awaits it before the run's
 * next status change, so hooks still see queued → running → final in order.
 */
export async function startRun(deps: JobsDeps, events: RunEvents, run: RunRow, job: Job, workerId: string): Promise<{ result: "started" | "skipped" | "gone"; announced: Promise<void> }> {
  const { db, clock } = deps;
  const now = iso(clock.now());
  const decides = job.concurrency !== "allow";
  const moveToRunning = () => db.get<RunRow>(
    `UPDATE job_runs SET status = 'running', started_at = COALESCE(started_at, ?), worker_id = ?, next_attempt_at = NULL, updated_at = ?
     WHERE id = ? AND status = 'queued' AND attempt = ? AND cancel_requested = 0 RETURNING ${RUN_RETURNING}`,
    [now, workerId, now, run.id, run.attempt],
  );
  const [result, row] = !decides ? await moveToRunning().then((moved) => [moved ? "started" as const : "gone" as const, moved] as const) : await db.tx(async (): Promise<["started" | "skipped" | "gone", RunRow | undefined]> => {
    if (db.dialect === "postgres") await db.run("SELECT pg_advisory_xact_lock(hashtext(?))", [`job:${job.id}`]);
    // the other shards of this run's own trigger are not "another run" (they run side by side)
    const running = await db.all<{ id: string }>(
      "SELECT id FROM job_runs WHERE job_id = ? AND status = 'running' AND id <> ? AND (shard_group IS NULL OR shard_group <> ?)",
      [job.id, run.id, run.shard_group ?? ""],
    );
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
    const moved = await moveToRunning();
    return [moved ? "started" : "gone", moved];
  });
  const announced = events.statusChanged(run.id, { row, job }).catch((e) => deps.logger?.warn("run start hooks failed", { run_id: run.id, err: e }));
  return { result, announced };
}

/**
 * A flow's inline step (concurrency allow, its definition on the run): queued → running in one
 * UPDATE … RETURNING, without reading the run first. Null when it is not queued for this attempt
 * (cancelled, taken, a lease-expired redelivery): the caller then takes the general path.
 */
export async function startInline(deps: JobsDeps, events: RunEvents, runId: string, attempt: number, workerId: string) {
  const now = iso(deps.clock.now());
  const row = await deps.db.get<RunRow>(
    `UPDATE job_runs SET status = 'running', started_at = COALESCE(started_at, ?), worker_id = ?, next_attempt_at = NULL, updated_at = ?
     WHERE id = ? AND status = 'queued' AND attempt = ? AND cancel_requested = 0 AND definition IS NOT NULL RETURNING ${RUN_RETURNING}`,
    [now, workerId, now, runId, attempt],
  );
  if (!row) return null;
  const job = JSON.parse(row.definition!) as Job;
  const announced = events.statusChanged(runId, { row, job }).catch((e) => deps.logger?.warn("run start hooks failed", { run_id: runId, err: e }));
  return { row, job, announced };
}
