import type { Job, JobAlertKind, JobRun } from "@ops/shared/contracts/jobs.ts";
import { t } from "@ops/shared";
import type { Clock } from "../../../platform/clock.ts";
import type { ScopeFilter } from "../../../platform/data-scope.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { Logger } from "../../../platform/logger.ts";
import { loadJobRow, toJob } from "../job.store.ts";
import { sendAlert, shortDuration, type AlertSender } from "./alert-notices.ts";
import { createEpisodes } from "./episodes.ts";
import { LONG_TAIL_MIN_RUNS, p95, recentSuccessDurations } from "./long-tail.ts";
import { findMissedStarts } from "./missed-start.ts";

/** A success ends these episodes (long_tail only when this run was not long itself). */
const CLOSED_BY_SUCCESS: JobAlertKind[] = ["failure", "timeout", "missed_start", "consecutive_failures", "long_tail"];

/** `scope`: IAM's data scopes; a recipient outside the job's is not sent its alerts. */
export type JobAlertsDeps = { db: Db; clock: Clock; sender?: AlertSender; logger?: Logger; scope?: ScopeFilter };

/**
 * Alerts of the jobs engine. `runEnded` runs after a run's final status is stored (retries are
 * not failures: a run put back to queued for its next attempt is not final). `sweep` finds
 * scheduled occurrences that did not start within their grace.
 */
export function createJobAlerts(deps: JobAlertsDeps) {
  const { db, clock } = deps;
  const episodes = createEpisodes(db, clock);
  const send = (n: Parameters<typeof sendAlert>[1]) => sendAlert(deps, n);

  /** The last `n` final runs (cancelled and skipped do not count) all failed or timed out. */
  async function failedInARow(jobId: string, n: number): Promise<boolean> {
    const rows = await db.all<{ status: string }>(
      `SELECT status FROM job_runs WHERE job_id = ? AND status IN ('succeeded', 'failed', 'timed_out') ORDER BY finished_at DESC, id DESC LIMIT ?`,
      [jobId, n],
    );
    return rows.length === n && rows.every((r) => r.status !== "succeeded");
  }

  async function onFailure(job: Job, run: JobRun) {
    const kind: JobAlertKind = run.status === "timed_out" ? "timeout" : "failure";
    const wanted = kind === "timeout" ? job.alerts.on_timeout : job.alerts.on_failure;
    const error = (l: Parameters<typeof t>[0]) => run.error ?? t(l, "jobs.alert.no_error");
    if (wanted && (await episodes.open(job.id, kind, run.id))) {
      await send({ kind, job, runId: run.id, words: (l) => ({ attempt: run.attempt, max: run.max_attempts, error: error(l), timeout: job.timeout_s }) });
    }
    const n = job.alerts.consecutive_failures;
    if (n && (await failedInARow(job.id, n)) && (await episodes.open(job.id, "consecutive_failures", run.id))) {
      await send({ kind: "consecutive_failures", job, runId: run.id, words: (l) => ({ count: n, error: error(l) }) });
    }
  }

  async function onSuccess(job: Job, run: JobRun) {
    let long = false;
    const rule = job.alerts.long_tail;
    if (rule && run.duration_ms !== null) {
      const history = await recentSuccessDurations(db, job.id, run.id, rule.window);
      if (history.length >= LONG_TAIL_MIN_RUNS) {
        const limit = p95(history);
        long = run.duration_ms > rule.factor * limit;
        if (long && (await episodes.open(job.id, "long_tail", run.id))) {
          await send({
            kind: "long_tail", job, runId: run.id,
            words: () => ({ duration: shortDuration(run.duration_ms!), p95: shortDuration(limit), factor: rule.factor, window: history.length }),
          });
        }
      }
    }
    const closed = await episodes.close(job.id, long ? CLOSED_BY_SUCCESS.filter((k) => k !== "long_tail") : CLOSED_BY_SUCCESS);
    if (closed.length) {
      await send({ kind: "recovered", job, runId: run.id, words: (l) => ({ kinds: closed.map((k) => t(l, `jobs.alert.kind.${k}`)).join(l === "en" ? ", " : "、") }) });
    }
  }

  return {
    episodes,
    /**
     * After a run's status changed (the run as stored now): alerts and recoveries for a final one.
     * `known`: the job as the executor just ran it (saves reading it again). Never throws.
     */
    async runEnded(run: JobRun, known?: Job): Promise<void> {
      if (run.status !== "failed" && run.status !== "timed_out" && run.status !== "succeeded") return;
      try {
        const jobRow = known ? undefined : await loadJobRow(db, run.job_id);
        if (!known && !jobRow) return;
        const job = known ?? toJob(jobRow!);
        if (run.status === "succeeded") await onSuccess(job, run);
        else await onFailure(job, run);
      } catch (e) {
        deps.logger?.error("job alerts failed", { err: e, run_id: run.id });
      }
    },
    /** Scheduled occurrences due longer ago than their job's grace and not started: one alert per episode. */
    async sweep(): Promise<number> {
      let raised = 0;
      for (const miss of await findMissedStarts(db, clock.now())) {
        if (!(await episodes.open(miss.job.id, "missed_start", miss.runId))) continue;
        raised++;
        await send({ kind: "missed_start", job: miss.job, runId: miss.runId, words: () => ({ due: miss.due, grace: miss.job.alerts.missed_start_grace_s }) });
      }
      return raised;
    },
  };
}

export type JobAlerts = ReturnType<typeof createJobAlerts>;
