import type { Job } from "@ops/shared/contracts/jobs.ts";
import type { ReservedJob } from "../../../platform/queue/index.ts";
import { resolveDeep } from "../placeholders.ts";
import { loadJobRow, toJob } from "../job.store.ts";
import type { JobsDeps } from "../jobs.deps.ts";
import { RUNNERS } from "../runners/index.ts";
import { DEFAULT_TIMEZONE } from "../schedule/index.ts";
import { finishAttempt, insertSystemLine, type RunPayload } from "./attempt.ts";
import type { RunEvents } from "./run-events.ts";
import { openLogWriter } from "./run-log.ts";
import { isFinal, loadRunRow, RUN_RETURNING, type RunRow } from "./run.store.ts";
import { startInline, startRun } from "./start.ts";

/** Why a run's signal aborted: its timeout, a cancel (or replacement), or a lost lease. */
class Stop extends Error {
  constructor(readonly kind: "timeout" | "cancel" | "lease" | "shutdown") {
    super(kind);
  }
}

/**
 * Executes one queued attempt (the queue worker's handler). A delivery for an attempt that is
 * no longer the run's, or of a finished run, is dropped. A delivery that finds its attempt
 * `running` means the worker that had it died (its lease ran out): that attempt is recorded as
 * failed ("worker lost") and the retry policy decides; so no run stays `running` after its lease.
 * Unless the queue did not count that start (a drain handed the job back): then this worker takes the attempt over.
 */
export function createExecutor(deps: JobsDeps, events: RunEvents, workerId: string) {
  const { db, clock } = deps;
  /** runs executing in this process, by id: cancels abort them */
  const active = new Map<string, AbortController>();
  let closing = false;

  async function handle(job: ReservedJob<RunPayload>, lease: AbortSignal): Promise<void> {
    // a flow's inline step starts in one statement (the hand-off's critical path); else, or if it
    // was not queued for this attempt, the general path below reads the run and decides
    if (job.payload.inline) {
      const started = await startInline(deps, events, job.payload.runId, job.payload.attempt, workerId);
      if (started) return execute(started.row, started.job, lease, started.announced);
    }
    const run = await loadRunRow(db, job.payload.runId);
    if (!run || isFinal(run.status) || Number(run.attempt) !== job.payload.attempt) return;
    // an inline flow step runs the definition it was queued with; anything else its job as saved now
    const jobRow = run.definition ? undefined : await loadJobRow(db, run.job_id);
    const def = run.definition ? (JSON.parse(run.definition) as Job) : jobRow ? toJob(jobRow) : null;
    if (run.status === "running" && def && job.attempt === 1) {
      // The queue did not count the start that made it `running`: the worker that had it handed it back (a graceful
      // shutdown whose deadline passed, its process already stopped); the same attempt goes on here.
      const taken = await db.get<RunRow>(
        `UPDATE job_runs SET worker_id = ?, updated_at = ? WHERE id = ? AND status = 'running' AND attempt = ? RETURNING ${RUN_RETURNING}`,
        [workerId, clock.now().toISOString(), run.id, run.attempt],
      );
      if (taken) {
        await insertSystemLine(deps, run.id, `attempt ${run.attempt}: handed back by worker ${run.worker_id ?? "?"} at its shutdown, taken over by ${workerId}\n`);
        return execute(taken, def, lease, Promise.resolve());
      }
    }
    if (run.status === "running") {
      await insertSystemLine(deps, run.id, `attempt ${run.attempt}: worker ${run.worker_id ?? "?"} stopped answering (lease expired)\n`);
      const cancelled = Number(run.cancel_requested) === 1;
      await finishAttempt(deps, events, run, def, cancelled ? { status: "cancelled", final: true, error: "worker lost" } : { status: "failed", error: "worker lost (lease expired)" });
      return;
    }
    if (!def) return void (await finishAttempt(deps, events, run, null, { status: "failed", error: "job deleted", final: true }));
    const started = await startRun(deps, events, run, def, workerId);
    if (started.result !== "started") return void (await started.announced);
    await execute({ ...run, status: "running" }, def, lease, started.announced);
  }

  /** `announced`: the start's hooks, running beside the work; awaited before the final status. */
  async function execute(run: RunRow, def: Job, lease: AbortSignal, announced: Promise<void>) {
    const stopper = new AbortController();
    active.set(run.id, stopper);
    // a shutdown that came between reserving and starting: end this one too, never leave it running
    if (closing) stopper.abort(new Stop("shutdown"));
    const timeoutMs = def.timeout_s * 1000;
    const timer = setTimeout(() => stopper.abort(new Stop("timeout")), timeoutMs);
    const onLease = () => stopper.abort(new Stop("lease"));
    lease.addEventListener("abort", onLease, { once: true });
    const log = openLogWriter(db, clock, events, run.id);
    const t0 = performance.now();
    const timezone = def.schedule && "cron" in def.schedule ? def.schedule.timezone : DEFAULT_TIMEZONE;
    const runTime = run.scheduled_for ? new Date(run.scheduled_for) : clock.now();
    const params = JSON.parse(run.params as unknown as string) as Record<string, unknown>;
    const values = {
      runTime, timezone, jobId: def.id, runId: run.id, bizDate: run.biz_date ?? undefined,
      shardIndex: run.shard_index == null ? undefined : Number(run.shard_index), shardTotal: run.shard_total == null ? undefined : Number(run.shard_total),
    };
    const resolvedParams = resolveDeep(params, values);
    const bizDate = run.biz_date ?? resolveDeep("{bizDate}", values);
    log.write("system", `attempt ${run.attempt}/${run.max_attempts} on ${workerId}\n`);
    let outcome: Parameters<typeof finishAttempt>[4];
    try {
      const result = await RUNNERS[def.type]({
        config: resolveDeep(def.config, values), params: resolvedParams, signal: stopper.signal, log: log.write,
        runId: run.id, jobId: def.id, bizDate, db, timeoutMs, jobName: def.name, slowQueries: deps.slowQueries,
        triggeredBy: run.triggered_by ? { id: run.triggered_by, username: run.triggered_by_name ?? null } : null,
      });
      outcome = result.ok
        ? { status: "succeeded", exitCode: result.exitCode, httpStatus: result.httpStatus, output: result.output ?? (log.head || null) }
        : { status: "failed", exitCode: result.exitCode, httpStatus: result.httpStatus, output: result.output ?? (log.head || null), error: result.error, final: result.permanent };
    } catch (e) {
      outcome = { status: "failed", error: (e as Error)?.message ?? String(e) };
    } finally {
      clearTimeout(timer);
      lease.removeEventListener("abort", onLease);
      active.delete(run.id);
    }
    const stop = stopper.signal.reason instanceof Stop ? stopper.signal.reason.kind : null;
    await announced;
    if (stop === "lease") return void (await log.close());
    if (stop === "timeout") outcome = { ...outcome, status: "timed_out", error: `timed out after ${def.timeout_s} s` };
    if (stop === "shutdown") outcome = { ...outcome, status: "failed", error: "the worker shut down" };
    if (stop === "cancel") {
      const now = await loadRunRow(db, run.id);
      outcome = { ...outcome, status: "cancelled", final: true, error: null, reason: now?.reason ?? "jobs.cancelled" };
    }
    outcome.durationMs = Math.round(performance.now() - t0);
    log.write("system", `attempt ${run.attempt} ${outcome.status} in ${outcome.durationMs} ms${outcome.error ? `: ${outcome.error}` : ""}\n`);
    // the final status change right after tells the log's followers too
    await log.close({ quiet: true });
    await finishAttempt(deps, events, run, def, outcome);
  }

  return {
    handle,
    /** a cancel for a run this process executes: stop it now */
    cancelLocal(runId: string) {
      active.get(runId)?.abort(new Stop("cancel"));
    },
    /** shutdown: every run executing here ends as failed ("the worker shut down"), retried by its policy */
    stopAll() {
      closing = true;
      for (const c of active.values()) c.abort(new Stop("shutdown"));
    },
    /** runs executing here now (tests, shutdown) */
    get activeRuns() {
      return [...active.keys()];
    },
  };
}

export type Executor = ReturnType<typeof createExecutor>;
