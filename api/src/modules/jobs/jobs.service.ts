import type { Actor, FieldError, UserActor } from "@ops/shared";
import type { Job, JobRun } from "@ops/shared/contracts/jobs.ts";
import { noteAudit } from "../../platform/context.ts";
import { createJobDefinitions } from "./definitions/job.service.ts";
import { findJobRow, toJob } from "./job.store.ts";
import { stringsIn, unknownPlaceholders } from "./placeholders.ts";
import type { JobsDeps } from "./jobs.deps.ts";
import { SCHEDULE_CHANNEL } from "./jobs.deps.ts";
import { invalidFields, retryFromFlow } from "./jobs.errors.ts";
import { createJobAlerts } from "./alerts/index.ts";
import { createBackfills } from "./runs/backfill.ts";
import { createRunEvents } from "./runs/run-events.ts";
import { createRunService, triggerOf } from "./runs/run.service.ts";
import { shardGroupOutcome } from "./runs/shard-group.ts";
import { isFinal, loadRunRow, toRun, type RunRow } from "./runs/run.store.ts";
import { purgeRunsAudited, scheduleRetention } from "./runs/retention.ts";
import { requeueStranded, STRANDED_SWEEP_MS } from "./runs/stranded.ts";
import { fixedDelayRunEnded } from "./schedule/fixed-delay.ts";
import { startRunWorker, type RunWorkerHandle, type RunWorkerOptions } from "./runs/run-worker.ts";
import { schedulerState, setSchedulerPaused } from "./schedule/kill-switch.ts";
import { createScheduler, type Scheduler, type SchedulerOptions } from "./schedule/scheduler.ts";

/** Whether any alert rule of the job is on (all off: no episode can open, nor one of its runs close one). */
const alertsCanFire = (a: Job["alerts"]) => a.on_failure || a.on_timeout || !!a.missed_start_grace_s || !!a.consecutive_failures || !!a.long_tail;

/** How often the scheduler role looks for scheduled occurrences that did not start within their grace. */
const MISSED_START_SWEEP_MS = 15_000;
/** Each job's latest runs that retention keeps whatever their age. */
const RUNS_KEEP_LATEST = 20;

export type JobsStartOptions = { worker?: boolean | RunWorkerOptions; scheduler?: boolean | SchedulerOptions };

/**
 * The jobs engine: definitions, runs and their workers, schedules. Writes are audited by the
 * route (action) plus the notes the services leave; runs travel on the queue port.
 */
export function createJobs(base: Omit<JobsDeps, "onScheduleChange">) {
  const deps: JobsDeps = { ...base, onScheduleChange: () => void base.db.notify(SCHEDULE_CHANNEL, "changed").catch(() => {}) };
  // Chat cards showing a run follow its status (queued → running → succeeded), wherever they were posted.
  // Recording a card sets the run's has_cards (same transaction): a change whose row says 0 has no card to refresh.
  deps.cards?.flagOnRecord?.("job_run", (id) => deps.db.run("UPDATE job_runs SET has_cards = 1 WHERE id = ? AND has_cards = 0", [id]));
  const refreshCards = async (runId: string, known?: RunRow) => {
    if (!deps.cards) return;
    // (a cards port without flagging, a stand-in, refreshes at every change)
    if (deps.cards.flagOnRecord && known && Number(known.has_cards ?? 1) === 0) return;
    try {
      const row = known ?? (await loadRunRow(deps.db, runId));
      if (row) await deps.cards.refresh("job_run", runId, { kind: "job-run", data: toRun(row) as unknown as Record<string, unknown> });
    } catch (e) {
      deps.logger?.warn("job run card refresh failed", { run_id: runId, err: e });
    }
  };
  const alerts = createJobAlerts({ db: deps.db, clock: deps.clock, sender: deps.alertSender, logger: deps.logger, scope: deps.scope });
  /** other modules' listeners to run status changes in this process (flows hand off to downstream steps) */
  const runHooks = new Set<(run: JobRun) => Promise<void>>();
  // A final status may open or close an alert episode (alerts/); retries come back queued, not final.
  const events = createRunEvents(deps.db, async (runId, known) => {
    // the transition's UPDATE … RETURNING gave the row as stored (most changes); else read it
    const row = known.row ?? (await loadRunRow(deps.db, runId).catch(() => undefined));
    // a fixed-delay schedule waiting for this run counts its next fire from its end (a job the
    // executor just ran, on another kind of schedule, cannot be waiting: no statement for it)
    const maybeDelay = !known.job || (known.job.schedule !== null && "delay_s" in known.job.schedule);
    if (row && isFinal(row.status) && maybeDelay) await fixedDelayRunEnded(deps.db, row.job_id).catch((e) => deps.logger?.warn("fixed-delay wake failed", { err: e }));
    const run = row ? toRun(row) : null;
    // hooks first: a flow's next step should not wait for a chat card round trip
    if (run) {
      for (const hook of runHooks) await hook(run).catch((e) => deps.logger?.warn("run status hook failed", { run_id: runId, err: e }));
    }
    await refreshCards(runId, row);
    // an inline flow step has no job of its own to alert for (its flow reports it)
    // a sharded trigger alerts once, as a group, when its last shard ends
    // (and a job the executor ran with every alert rule off has none to raise or close: no statement)
    const mayAlert = run && !row?.definition && isFinal(run.status) && (!known.job || alertsCanFire(known.job.alerts));
    const alerted = mayAlert ? await shardGroupOutcome(deps.db, run).catch(() => run) : undefined;
    if (alerted) await alerts.runEnded(alerted, known.job ?? undefined);
  });
  const definitions = createJobDefinitions(deps);
  const runs = createRunService(deps, events);
  const backfills = createBackfills(deps, runs);
  // A backfill's chat cards follow its runs: the progress (done/total, failed) at each status change of one.
  runHooks.add(async (run) => {
    if (!deps.cards || !run.backfill_id) return;
    const progress = await backfills.progress(run.job_id, run.backfill_id);
    await deps.cards.refresh("job_backfill", run.backfill_id, { kind: "job-backfill", data: { ...progress, job_name: run.job_name } });
  });
  let worker: RunWorkerHandle | null = null;
  let scheduler: Scheduler | null = null;
  let missedStartTimer: ReturnType<typeof setInterval> | null = null;
  let strandedTimer: ReturnType<typeof setInterval> | null = null;
  let stopRetention: (() => Promise<void>) | null = null;
  const retention = (keepDays = deps.runsKeepDays ?? 0) => ({ keepDays, keepLatest: RUNS_KEEP_LATEST });

  function checkParams(params: Record<string, unknown>) {
    const errors: FieldError[] = [...stringsIn(params, "params")].flatMap(([field, text]) => {
      const bad = unknownPlaceholders(text);
      return bad.length ? [{ field, message: "jobs.placeholder_unknown", params: { placeholder: bad.join(", ") } }] : [];
    });
    const biz = params.bizDate;
    if (biz !== undefined && (typeof biz !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(biz) || Number.isNaN(Date.parse(`${biz}T00:00:00Z`)))) {
      errors.push({ field: "params.bizDate", message: "jobs.bizdate_invalid" });
    }
    if (errors.length) throw invalidFields(errors);
  }

  /** A run now with these params over the job's defaults; the trigger says where it came from. */
  async function runNow(actor: UserActor, idOrName: string, params: Record<string, unknown>): Promise<JobRun> {
    checkParams(params);
    const job = toJob(await definitions.visibleRow(actor, idOrName));
    const run = (await runs.insertRun({ job, trigger: triggerOf(actor), by: actor.userId, params }))!;
    noteAudit({ resourceType: "job", resourceId: job.id, after: { run_id: run.id, job: job.name, trigger: run.trigger, params } });
    return run;
  }

  /** A new run of the same job with the same params and data day (trigger `retry`); the old run stays as it ended. */
  async function retry(actor: UserActor, runId: string): Promise<JobRun> {
    const old = await runs.get(actor, runId);
    // a flow's step is retried with its flow (downstream steps follow), never alone
    if (old.flow_run_id) throw retryFromFlow(old.flow_run_id);
    const job = toJob(await definitions.visibleRow(actor, old.job_id));
    // the run again, alone: a shard's retry is that shard (the others of its trigger ended as they did)
    const shard = old.shard_total != null && old.shard_index != null ? { index: old.shard_index, total: old.shard_total } : null;
    const run = (await runs.insertRun({ job, trigger: "retry", by: actor.userId, params: old.params, bizDate: old.biz_date, shard }))!;
    noteAudit({ resourceType: "job_run", resourceId: run.id, after: { retry_of: old.id, job: job.name, run_id: run.id } });
    return run;
  }

  async function backfill(actor: UserActor, idOrName: string, input: { from: string; to: string; parallelism: number; params: Record<string, unknown> }) {
    checkParams(input.params);
    const job = toJob(await definitions.visibleRow(actor, idOrName));
    return backfills.start(actor, job, input);
  }

  return {
    deps, definitions, runs, events, alerts, runNow, retry, backfill,
    /** Calls `fn` after every status change of a run made in this process (the run as stored then). */
    onRunStatus(fn: (run: JobRun) => Promise<void>): () => void {
      runHooks.add(fn);
      return () => runHooks.delete(fn);
    },
    /** A saved job by id or name, whoever may see it (flows check their own scope), or null. */
    async findJob(idOrName: string): Promise<Job | null> {
      const row = await findJobRow(deps.db, idOrName);
      return row ? toJob(row) : null;
    },
    async backfillProgress(actor: Actor, idOrName: string, backfillId: string) {
      const job = await definitions.visibleRow(actor, idOrName);
      return backfills.progress(job.id, backfillId);
    },
    schedulerState: () => schedulerState(deps.db),
    /** Deletes final runs older than `keepDays` (default OPS_JOB_RUNS_KEEP_DAYS), each job's latest 20 kept; audited as system. */
    purgeRuns: (keepDays?: number) => purgeRunsAudited(deps, retention(keepDays)),
    /** Sends again queued attempts whose enqueue was lost (runs/stranded.ts); the scheduler role does it every 15 s. */
    requeueStranded: (olderThanMs?: number) => requeueStranded(deps, olderThanMs),
    setSchedulerPaused: (actor: Actor, paused: boolean) => setSchedulerPaused(deps.db, deps.clock, actor, paused),
    /** Starts this process's part: the run worker (`worker` role) and the scheduler (`scheduler` role). */
    async start(options: JobsStartOptions = { worker: true, scheduler: true }) {
      if (options.worker && !worker) worker = await startRunWorker(deps, events, options.worker === true ? {} : options.worker);
      if (options.scheduler && !scheduler) {
        scheduler = createScheduler(deps, options.scheduler === true ? {} : options.scheduler);
        await scheduler.start();
        // where the schedules are kept, occurrences that never started are looked for too
        missedStartTimer ??= setInterval(() => void alerts.sweep().catch((e) => deps.logger?.warn("missed-start sweep failed", { err: e })), MISSED_START_SWEEP_MS);
        missedStartTimer.unref?.();
        // runs whose process died (or whose queue failed) between their commit and their enqueue
        strandedTimer ??= setInterval(() => void requeueStranded(deps).catch((e) => deps.logger?.warn("stranded runs sweep failed", { err: e })), STRANDED_SWEEP_MS);
        strandedTimer.unref?.();
        if (deps.runsKeepDays) stopRetention ??= scheduleRetention(deps, retention());
      }
    },
    get worker() {
      return worker;
    },
    get scheduler() {
      return scheduler;
    },
    /**
     * Ends the scheduler role's part (the scheduler, the missed-start sweep, the retention) and waits for what it was
     * doing: a shutdown's first steps, so no occurrence is started once the process drains. The worker is left running.
     */
    async stopScheduler() {
      if (missedStartTimer) clearInterval(missedStartTimer);
      missedStartTimer = null;
      if (strandedTimer) clearInterval(strandedTimer);
      strandedTimer = null;
      await stopRetention?.();
      stopRetention = null;
      await scheduler?.stop();
    },
    async stop() {
      await this.stopScheduler();
      await worker?.stop();
      scheduler = null;
      worker = null;
      await events.close();
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;
