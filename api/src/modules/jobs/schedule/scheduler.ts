import type { JobSchedule, MisfirePolicy } from "@ops/shared/contracts/jobs.ts";
import { iso } from "../../../platform/clock.ts";
import type { JobsDeps } from "../jobs.deps.ts";
import { SCHEDULE_CHANNEL } from "../jobs.deps.ts";
import { toJob, type JobRow } from "../job.store.ts";
import { fireBatch, type PlannedFire } from "./fire-batch.ts";
import { armWaitingDelays, jobsWithActiveRuns } from "./fixed-delay.ts";
import { isFixedDelay, nextOccurrence, occurrencesAfter } from "./occurrences.ts";
import { isSchedulerPaused } from "./kill-switch.ts";

export type SchedulerOptions = {
  /** an occurrence later than this is a misfire, handled by the job's policy (default 5 s, XXL-JOB's threshold) */
  misfireGraceMs?: number;
  /** longest sleep without a wake-up (a safety net for clock jumps; default 60 s) */
  maxSleepMs?: number;
};

/** Occurrences looked at per job and tick after downtime (the last `catch_up_max` of them can fire). */
const SCAN_LIMIT = 10_000;
const DUE_BATCH = 500;

/**
 * Another owner of schedules (flows) ticking with the jobs scheduler: the same timer, store
 * notifications and kill switch. `tick` fires what is due (exactly once per occurrence is its own
 * business, by occurrence key and compare-and-set as here) and answers its earliest next due time.
 */
export type ScheduleSource = { name: string; tick(now: Date, misfireGraceMs: number): Promise<string | null> };

/**
 * The occurrences a due cursor fires now. On time: within the grace; missed: from the cursor up to
 * the grace (scanned separately, so a long downtime of a frequent schedule cannot push the on-time
 * ones past the scan limit), of which `skip` keeps none, `fire_once` the latest, `catch_up` the
 * latest `catch_up_max`.
 */
export function dueOccurrences(
  s: { schedule: JobSchedule; misfire: MisfirePolicy; catch_up_max: number; anchor: Date; cursor: Date }, now: Date, graceMs: number,
): Date[] {
  const { schedule, cursor, anchor } = s;
  const edge = new Date(now.getTime() - graceMs);
  const late = cursor.getTime() < edge.getTime();
  const recent = [...(late ? [] : [cursor]), ...occurrencesAfter(schedule, late ? new Date(edge.getTime() - 1) : cursor, SCAN_LIMIT, anchor, now)];
  const missed = late ? [cursor, ...occurrencesAfter(schedule, cursor, SCAN_LIMIT, anchor, new Date(edge.getTime() - 1))] : [];
  const keep = s.misfire === "skip" ? [] : s.misfire === "fire_once" ? missed.slice(-1) : missed.slice(-s.catch_up_max);
  return [...keep, ...recent];
}

/**
 * Fires due occurrences. Each job's cursor (`next_fire_at`) is the next occurrence not fired
 * yet; a tick creates one run per chosen occurrence with the occurrence key
 * `cron:<jobId>:<ISO>` (unique in the store) and moves the cursor past now by compare-and-set,
 * the due jobs' runs and cursors together in one transaction (fire-batch.ts). So two schedulers
 * on one store fire each occurrence once. Occurrences older than the grace were missed (downtime,
 * kill switch): `skip` drops them, `fire_once` fires the latest, `catch_up` the latest
 * `catch_up_max`. A fixed delay has one occurrence at a time and waits for its runs to end
 * (fixed-delay.ts). Between ticks it sleeps on one timer until the earliest cursor, re-armed when
 * any process changes a schedule or ends a run a fixed delay waits for (store notification); no
 * polling.
 */
export function createScheduler(deps: JobsDeps, options: SchedulerOptions = {}) {
  const { db, clock } = deps;
  const grace = options.misfireGraceMs ?? 5_000;
  const maxSleep = options.maxSleepMs ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let unlisten: (() => Promise<void>) | null = null;

  function chosen(row: JobRow, now: Date): Date[] {
    const job = toJob(row);
    return dueOccurrences({ ...job, anchor: new Date(row.schedule_anchor ?? row.created_at), cursor: new Date(row.next_fire_at!) }, now, grace);
  }

  /** Where each due job's cursor goes and what it fires (a fixed delay: its one occurrence, unless a run is unfinished). */
  async function plan(rows: JobRow[], now: Date): Promise<PlannedFire[]> {
    const jobs = rows.map(toJob);
    const busy = await jobsWithActiveRuns(db, jobs.filter((j) => isFixedDelay(j.schedule)).map((j) => j.id));
    return rows.map((row, i) => {
      const job = jobs[i]!;
      if (isFixedDelay(job.schedule)) return { job, at: busy.has(job.id) ? [] : [new Date(row.next_fire_at!)], prev: row.next_fire_at!, next: null };
      const next = nextOccurrence(job.schedule, now, new Date(row.schedule_anchor ?? row.created_at));
      return { job, at: chosen(row, now), prev: row.next_fire_at!, next: next ? iso(next) : null };
    });
  }

  /** The tick's jobs in one batch; should it fail, one job at a time, so one bad row cannot hold up the rest. */
  async function fire(rows: JobRow[], now: Date) {
    const planned = await plan(rows, now);
    try {
      await fireBatch(deps, planned);
    } catch (e) {
      deps.logger?.warn("scheduler: batch failed, firing one job at a time", { jobs: planned.length, err: e });
      for (const p of planned) {
        try {
          await fireBatch(deps, [p]);
        } catch (err) {
          deps.logger?.error("scheduler: firing failed", { job: p.job.id, err });
        }
      }
    }
  }

  async function tick() {
    const now = clock.now();
    const paused = await isSchedulerPaused(db);
    if (!paused) {
      await armWaitingDelays(db);
      const due = await db.all<JobRow>(
        `SELECT * FROM jobs WHERE status = 'enabled' AND next_fire_at IS NOT NULL AND next_fire_at <= ? ORDER BY next_fire_at LIMIT ${DUE_BATCH}`,
        [iso(now)],
      );
      if (due.length) await fire(due, now);
      if (due.length === DUE_BATCH) return arm(0);
    }
    const next = await db.get<{ t: string | null }>("SELECT MIN(next_fire_at) AS t FROM jobs WHERE status = 'enabled' AND next_fire_at IS NOT NULL");
    let wait = next?.t ? Date.parse(next.t) - clock.now().getTime() : Infinity;
    // other schedule owners (flows) fire under the same kill switch and share the timer
    if (!paused) {
      for (const source of deps.scheduleSources ?? []) {
        try {
          const t = await source.tick(now, grace);
          if (t) wait = Math.min(wait, Date.parse(t) - clock.now().getTime());
        } catch (e) {
          deps.logger?.error("scheduler: source tick failed", { source: source.name, err: e });
        }
      }
    }
    arm(Math.max(0, Math.min(wait, maxSleep)));
  }

  function arm(ms: number) {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(wake, ms);
    timer.unref?.();
  }

  /** Runs a tick now (one at a time: a wake during a tick runs one more after it). */
  function wake(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await tick();
        } catch (e) {
          deps.logger?.error("scheduler tick failed", { err: e });
          arm(Math.min(maxSleep, 5_000));
        }
      } while (again && !stopped);
    })().finally(() => (running = null));
    return running;
  }

  return {
    async start() {
      if (!stopped) return;
      stopped = false;
      unlisten = await db.listen(SCHEDULE_CHANNEL, () => void wake());
      await wake();
    },
    /** a tick now (tests after moving the clock; the API after a change) */
    wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await unlisten?.();
      unlisten = null;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
