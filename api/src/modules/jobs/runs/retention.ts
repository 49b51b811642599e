import { DEFAULT_LOCALE, systemActor } from "@ops/shared";
import { FINAL_RUN_STATUSES } from "@ops/shared/contracts/jobs.ts";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { JobsDeps } from "../jobs.deps.ts";

export type RetentionOptions = {
  /** final runs that ended more than this many days ago go (with their logs); 0 keeps every run */
  keepDays: number;
  /** each job's latest runs kept whatever their age (default 20) */
  keepLatest?: number;
  /** runs deleted per transaction (default 500), so a first purge of years of runs never holds a long lock */
  batch?: number;
};

export type RetentionResult = { cutoff: string | null; runs: number; logs: number; backfills: number };

const FINAL = FINAL_RUN_STATUSES.map((s) => `'${s}'`).join(", ");
const DAY_MS = 86_400_000;

/**
 * Deletes old runs and their log lines, one job and one batch at a time. Never a run that is not
 * final, nor one of a backfill that still has unfinished runs (its progress must add up), nor any
 * of a job's latest `keepLatest` runs (a rarely run job keeps its history). Flow steps are left to
 * the flows retention, which deletes them with their flow run (flows/engine/retention.ts). A backfill none of
 * whose runs remain goes too. Deleting is idempotent, so two scheduler processes may both run it.
 */
export async function purgeRuns(deps: Pick<JobsDeps, "db" | "clock">, options: RetentionOptions): Promise<RetentionResult> {
  const { db, clock } = deps;
  if (options.keepDays <= 0) return { cutoff: null, runs: 0, logs: 0, backfills: 0 };
  const keepLatest = Math.max(0, options.keepLatest ?? 20);
  const batch = Math.max(1, options.batch ?? 500);
  const cutoff = iso(new Date(clock.now().getTime() - options.keepDays * DAY_MS));
  const result: RetentionResult = { cutoff, runs: 0, logs: 0, backfills: 0 };
  // a run queues before it ends: jobs with a run queued before the cutoff are the only candidates
  const jobs = await db.all<{ job_id: string }>(`SELECT DISTINCT job_id FROM job_runs WHERE status IN (${FINAL}) AND queued_at < ? AND flow_run_id IS NULL`, [cutoff]);
  for (const { job_id } of jobs) {
    // the queued_at of the job's oldest kept run: older ones may go
    const kept = keepLatest > 0
      ? await db.get<{ queued_at: string }>("SELECT queued_at FROM job_runs WHERE job_id = ? ORDER BY queued_at DESC, id DESC LIMIT 1 OFFSET ?", [job_id, keepLatest - 1])
      : undefined;
    if (keepLatest > 0 && !kept) continue;
    for (;;) {
      const ids = await db.all<{ id: string }>(
        `SELECT r.id FROM job_runs r
         WHERE r.job_id = ? AND r.flow_run_id IS NULL AND r.status IN (${FINAL}) AND COALESCE(r.finished_at, r.queued_at) < ?${kept ? " AND r.queued_at < ?" : ""}
           AND (r.backfill_id IS NULL OR NOT EXISTS (SELECT 1 FROM job_runs b WHERE b.backfill_id = r.backfill_id AND b.status IN ('queued', 'running')))
         ORDER BY r.queued_at LIMIT ${batch}`,
        kept ? [job_id, cutoff, kept.queued_at] : [job_id, cutoff],
      );
      if (!ids.length) break;
      const list = ids.map((r) => r.id);
      const marks = list.map(() => "?").join(", ");
      await db.tx(async () => {
        const logs = await db.all<{ n: number | string }>(`DELETE FROM job_run_logs WHERE run_id IN (${marks}) RETURNING 1 AS n`, list);
        await db.run(`DELETE FROM job_runs WHERE id IN (${marks})`, list);
        result.logs += logs.length;
      });
      result.runs += list.length;
      if (list.length < batch) break;
    }
  }
  const gone = await db.all(
    "DELETE FROM job_backfills WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM job_runs r WHERE r.backfill_id = job_backfills.id) RETURNING id",
    [cutoff],
  );
  result.backfills = gone.length;
  return result;
}

/** A purge by the scheduler role, audited as system:job-retention when it deleted anything. */
export async function purgeRunsAudited(deps: JobsDeps, options: RetentionOptions): Promise<RetentionResult> {
  const started = Date.now();
  const result = await purgeRuns(deps, options);
  if (result.runs > 0 || result.backfills > 0) {
    await deps.audit?.recordRequest({
      ctx: {
        requestId: newId(), ip: null, userAgent: null, locale: DEFAULT_LOCALE, actor: systemActor("job-retention"), via: "system",
        auditNotes: [{ resourceType: "job_run", after: { ...result, keep_days: options.keepDays, keep_latest: options.keepLatest ?? 20 } }],
      },
      method: "SYSTEM", path: "jobs retention", status: 200, durationMs: Date.now() - started,
      module: "jobs", action: "runs.purge", resourceType: "job_run",
    });
  }
  return result;
}

/**
 * Daily retention where the schedules are kept (scheduler role): once a minute after start, then
 * every 24 h. Timers do not keep the process alive; stop() waits for a purge under way.
 */
export function scheduleRetention(deps: JobsDeps, options: RetentionOptions, firstDelayMs = 60_000, everyMs = DAY_MS) {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = purgeRunsAudited(deps, options).then(
      (r) => r.runs > 0 && deps.logger?.info("job runs purged", { ...r }),
      (e) => deps.logger?.error("job runs purge failed", { err: e }),
    );
  };
  const first = setTimeout(tick, firstDelayMs);
  const daily = setInterval(tick, everyMs);
  first.unref?.();
  daily.unref?.();
  return async () => {
    clearTimeout(first);
    clearInterval(daily);
    await running;
  };
}
