import type { Job } from "@ops/shared/contracts/jobs.ts";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { JobsDeps } from "../jobs.deps.ts";
import { RUNS_QUEUE, RUN_JOB_NAME } from "../jobs.deps.ts";

/** One job's part of a tick: the occurrences to fire and where its cursor goes (compare-and-set on `prev`). */
export type PlannedFire = { job: Job; at: Date[]; prev: string; next: string | null };

/** Rows per multi-row statement: 14 values a run, well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 250;
/** Enqueues in flight at once after the commit (the queue port takes one job a call). */
const ENQUEUE_CONCURRENCY = 16;

export const occurrenceKey = (jobId: string, at: Date) => `cron:${jobId}:${at.toISOString()}`;

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Fires a tick's occurrences of many jobs in one transaction: their runs by multi-row
 * `INSERT … ON CONFLICT (occurrence_key) DO NOTHING RETURNING id` and their cursors by one
 * compare-and-set statement per chunk, so a thousand schedules due in one second cost a few
 * statements, not a few thousand. Keys and job ids are sorted, so two schedulers racing on
 * PostgreSQL take the unique-index and row locks in the same order (they wait, never deadlock);
 * the loser's rows conflict and insert nothing. The runs go on the queue after the commit (the
 * queue's idempotency key is the run's, so a repeat is harmless). No run event is sent: nobody
 * can follow a run whose id nobody has seen yet. Returns how many runs were created.
 */
export async function fireBatch(deps: JobsDeps, planned: PlannedFire[]): Promise<number> {
  const { db, clock } = deps;
  const now = iso(clock.now());
  // a sharded job's occurrence is one run per shard, grouped under shard 0's id; shard 0 keeps the
  // occurrence key, the others take `#i` after it (as runs/run.service insertRun does)
  const items = planned
    .flatMap((p) => p.at.flatMap((at) => {
      const n = Math.max(1, p.job.shards ?? 1);
      const ids = Array.from({ length: n }, () => newId());
      const key = occurrenceKey(p.job.id, at);
      return ids.map((id, i) => ({ id, job: p.job, at, key: i === 0 ? key : `${key}#${i}`, shard: n > 1 ? { index: i, total: n, group: ids[0]! } : null }));
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byId = new Map(items.map((i) => [i.id, i]));
  const created: string[] = [];
  await db.tx(async () => {
    for (const part of chunks(items, ROWS_PER_STATEMENT)) {
      const values = part.flatMap((i) => [
        i.id, i.job.id, i.job.name, i.job.owner_department_id, JSON.stringify(i.job.params), i.job.retries.count + 1,
        i.key, iso(i.at), bizDateOf(i.job.params), now, now, i.shard?.index ?? null, i.shard?.total ?? null, i.shard?.group ?? null,
      ]);
      const rows = await db.all<{ id: string }>(
        `INSERT INTO job_runs (id, job_id, job_name, owner_department_id, status, trigger_kind, triggered_by, params, attempt, max_attempts,
          occurrence_key, scheduled_for, biz_date, backfill_id, enqueued, queued_at, updated_at, shard_index, shard_total, shard_group)
         VALUES ${part.map(() => "(?, ?, ?, ?, 'queued', 'cron', NULL, ?, 1, ?, ?, ?, ?, NULL, 1, ?, ?, ?, ?, ?)").join(", ")}
         ON CONFLICT (occurrence_key) DO NOTHING RETURNING id`,
        values,
      );
      created.push(...rows.map((r) => r.id));
    }
    const moves = [...planned].sort((a, b) => (a.job.id < b.job.id ? -1 : a.job.id > b.job.id ? 1 : 0));
    for (const part of chunks(moves, ROWS_PER_STATEMENT)) {
      await db.run(
        `WITH v (id, next, prev) AS (VALUES ${part.map(() => "(?, ?, ?)").join(", ")})
         UPDATE jobs SET next_fire_at = (SELECT v.next FROM v WHERE v.id = jobs.id)
         WHERE EXISTS (SELECT 1 FROM v WHERE v.id = jobs.id AND v.prev = jobs.next_fire_at)`,
        part.flatMap((p) => [p.job.id, p.next, p.prev]),
      );
    }
  });
  await enqueueAll(deps, created.map((id) => ({ id, priority: byId.get(id)!.job.priority })));
  return created.length;
}

/** A `bizDate` param of the job (YYYY-MM-DD) is the run's data day, as for any run (run.service). */
function bizDateOf(params: Record<string, unknown>): string | null {
  const v = params.bizDate;
  return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
}

async function enqueueAll(deps: JobsDeps, runs: Array<{ id: string; priority: number }>) {
  let next = 0;
  const lane = async () => {
    while (next < runs.length) {
      const run = runs[next++]!;
      try {
        // what runs/attempt.ts enqueueAttempt sends for a first attempt (that module's door would be a cycle)
        await deps.queue.enqueue(RUNS_QUEUE, RUN_JOB_NAME, { runId: run.id, attempt: 1 }, { priority: run.priority, idempotencyKey: `run:${run.id}:1` });
      } catch (e) {
        deps.logger?.error("scheduler: enqueue failed", { run_id: run.id, err: e });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ENQUEUE_CONCURRENCY, runs.length) }, lane));
}
