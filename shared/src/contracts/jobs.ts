/**
 * Jobs engine: the words the API, the bot and the PWA share (types, statuses, triggers, limits).
 * Pure: no I/O. The API validates with zod schemas built from these lists.
 */
export const JOB_TYPES = ["http", "shell", "sql", "script"] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_STATUSES = ["enabled", "paused"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** queued 排队中 → running 运行中 → succeeded 成功 | failed 失败 | timed_out 超时 | cancelled 已取消; skipped 已跳过 never ran. */
export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "timed_out", "cancelled", "skipped"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ["succeeded", "failed", "timed_out", "cancelled", "skipped"];

/** `flow`: a step of a flow instance (modules/flows); `approval`: started by an approval's internal hook (no user) */
export const RUN_TRIGGERS = ["manual", "cron", "chat", "backfill", "retry", "api", "flow", "approval"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const MISFIRE_POLICIES = ["fire_once", "skip", "catch_up"] as const;
export type MisfirePolicy = (typeof MISFIRE_POLICIES)[number];

export const CONCURRENCY_POLICIES = ["allow", "forbid", "replace"] as const;
export type ConcurrencyPolicy = (typeof CONCURRENCY_POLICIES)[number];

/** Outcomes a retry policy may retry on. */
export const RETRY_OUTCOMES = ["failed", "timed_out"] as const;
export type RetryOutcome = (typeof RETRY_OUTCOMES)[number];

export const SCRIPT_LANGUAGES = ["typescript", "javascript", "python"] as const;

/** Placeholders a job's params and config strings may use (`{bizDate-7d}`, `{runTime:yyyyMMddHHmm}`). */
export const JOB_PLACEHOLDERS = ["today", "yesterday", "bizDate", "runTime", "jobId", "runId", "shardIndex", "shardTotal"] as const;

export const JOB_LIMITS = {
  /** lower-case letter first, then lower-case letters, digits, `-` and `_`; what chat commands use */
  namePattern: "^[a-z][a-z0-9_-]{1,62}$",
  descriptionMax: 500,
  timeoutMaxS: 24 * 3600,
  retriesMax: 10,
  tagsMax: 10,
  /** stored output of one run (stdout + stderr, or an HTTP body) */
  logBytes: 1024 * 1024,
  catchUpMax: 100,
  /** runs per trigger of a sharded job (`shards`) */
  shardsMax: 64,
  backfillMaxPeriods: 366,
  /** fixed rate and fixed delay, in seconds */
  scheduleSecondsMax: 366 * 86_400,
} as const;

/**
 * cron in a zone; `every_s` a fixed rate from when the schedule was set; `delay_s` a fixed delay
 * (due that long after the job's previous run ended, never while one of its runs is queued or
 * running; the first one that long after it was created, enabled, resumed or edited); `at` once.
 */
export type JobSchedule = { cron: string; timezone: string } | { every_s: number } | { delay_s: number } | { at: string } | null;

/** Answer of the next-fires endpoints: `after_run` true when a fixed delay waits for a run to end (fires then empty). */
export type NextFires = { fires: string[]; timezone: string | null; after_run?: boolean };

export type JobRetries = {
  count: number;
  backoff: { type: "fixed" | "exponential"; delay_ms: number };
  on: RetryOutcome[];
};

/** Kinds of job alerts; each has its own episode (one alert, then one recovery notice). */
export const JOB_ALERT_KINDS = ["failure", "timeout", "missed_start", "consecutive_failures", "long_tail"] as const;
export type JobAlertKind = (typeof JOB_ALERT_KINDS)[number];

/** A job's alert settings (`alerts` in the job body); failure and timeout alert the owner by default. */
export type JobAlerts = {
  on_failure: boolean;
  on_timeout: boolean;
  /** a scheduled occurrence not started this many seconds after it was due */
  missed_start_grace_s?: number;
  /** alert when this many final runs in a row failed or timed out */
  consecutive_failures?: number;
  /** a success longer than factor × p95 of the last `window` successes (at least 5 of them) */
  long_tail?: { factor: number; window: number };
  recipients: { users: string[]; roles: string[]; owner: boolean };
};

export const DEFAULT_JOB_ALERTS: JobAlerts = { on_failure: true, on_timeout: true, recipients: { users: [], roles: [], owner: true } };

export type Job = {
  id: string;
  name: string;
  description: string;
  type: JobType;
  config: Record<string, unknown>;
  params: Record<string, unknown>;
  schedule: JobSchedule;
  misfire: MisfirePolicy;
  catch_up_max: number;
  retries: JobRetries;
  timeout_s: number;
  concurrency: ConcurrencyPolicy;
  priority: number;
  /**
   * Runs per trigger (1..64): a manual, chat, cron or backfill trigger makes one run per shard,
   * `{shardIndex}` 0..N-1 of `{shardTotal}` N, with the same params, occurrence and data day.
   */
  shards: number;
  owner_department_id: string | null;
  owner_department_name: string | null;
  tags: string[];
  alerts: JobAlerts;
  status: JobStatus;
  next_fire_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** the latest run (list answers only; null: never ran) */
  last_run?: JobLastRun | null;
};

export type JobLastRun = { id: string; status: RunStatus; queued_at: string; finished_at: string | null };

export type JobRun = {
  id: string;
  job_id: string;
  job_name: string;
  status: RunStatus;
  trigger: RunTrigger;
  triggered_by: string | null;
  triggered_by_name: string | null;
  params: Record<string, unknown>;
  attempt: number;
  max_attempts: number;
  scheduled_for: string | null;
  biz_date: string | null;
  backfill_id: string | null;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  exit_code: number | null;
  http_status: number | null;
  output: string | null;
  error: string | null;
  reason: string | null;
  next_attempt_at: string | null;
  /** a flow's step: the flow run and node it serves, and its shard (0-based) of shard_total */
  flow_run_id?: string | null;
  node_key?: string | null;
  shard_index?: number | null;
  shard_total?: number | null;
  /** the runs of one trigger of a sharded job: the id of its shard 0 (null: one shard, or a flow step) */
  shard_group?: string | null;
  /** answer of a trigger of a sharded job (`POST /jobs/{id}/runs`): every shard's run id, shard 0 (this run) first */
  shard_runs?: string[];
};
