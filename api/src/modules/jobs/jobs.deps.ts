import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import type { Logger } from "../../platform/logger.ts";
import type { QueueDriver } from "../../platform/queue/index.ts";
import type { TicketStore } from "./runs/log-tickets.ts";
import type { AlertSender } from "./alerts/alert-notices.ts";
import type { AuditService } from "../audit/index.ts";
import type { ScheduleSource } from "./schedule/scheduler.ts";
import type { SlowQueryRecorder } from "../../platform/observability.ts";

export type JobsDeps = {
  db: Db;
  clock: Clock;
  /** IAM's data scopes: a job belongs to its owner department (and its creator) */
  scope: ScopeFilter;
  queue: QueueDriver;
  logger?: Logger;
  /** a schedule was created, changed, paused or removed: the scheduler re-arms its timer */
  onScheduleChange?: () => void;
  /** other schedule owners ticking with this scheduler (flows register theirs: schedule/scheduler.ts) */
  scheduleSources?: ScheduleSource[];
  /**
   * Posted chat cards of a run (notify's message refs) are updated in place at every status change:
   * `refresh("job_run", runId, {kind: "job-run", data: run})`. Absent: no chat cards to update.
   * With `flagOnRecord` (notify's), a recorded card sets the run's has_cards, and a change of a run
   * without one skips the refresh (no message-ref lookup); without it every change refreshes.
   */
  cards?: CardsPort;
  /** one-use stream tickets (notify's) and the key that binds one to a run: EventSource log follow */
  logTickets?: { store: TicketStore; key: string };
  /** notify's `send`: job alerts and recoveries (alerts/). Absent: no alerts. */
  alertSender?: AlertSender;
  /** OPS_JOB_RUNS_KEEP_DAYS: final runs older than this go daily (runs/retention.ts); 0 or absent keeps them */
  runsKeepDays?: number;
  /** audit's writer: the daily retention is audited as system */
  audit?: Pick<AuditService, "recordRequest">;
  /** 0..1, for backoff jitter (tests pass a fixed one) */
  random?: () => number;
  /** the monitor's slow query log: SQL jobs report their statement's timing (fire and forget) */
  slowQueries?: SlowQueryRecorder;
};

export const JOBS_VIEW = "jobs:view";
export const JOBS_RUN = "jobs:run";
export const JOBS_MANAGE = "jobs:manage";

/** The queue runs travel on: one queue job per attempt, payload `{runId, attempt}`. */
export const RUNS_QUEUE = "jobs.runs";
export const RUN_JOB_NAME = "run";
/** The store channel that carries "cancel this run" to whichever process runs it. */
export const CANCEL_CHANNEL = "ops_job_cancel";
/** The store channel that tells schedulers a definition changed. */
export const SCHEDULE_CHANNEL = "ops_job_schedule";

/** Notify's message refs as the engines use them (notify/im: refresh, and the has_cards flag). */
export type CardsPort = {
  refresh(entityType: string, entityId: string, card: { kind: string; data: Record<string, unknown> }): Promise<number>;
  flagOnRecord?(entityType: string, mark: (entityId: string) => Promise<void>): void;
};
