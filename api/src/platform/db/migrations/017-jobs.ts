import type { Migration } from "../migrate.ts";

/**
 * Jobs engine (modules/jobs). A job's config, params, schedule, retries and tags are JSON text.
 * `next_fire_at` is the scheduler's cursor: the next occurrence not yet fired (moved by
 * compare-and-set, so two schedulers advance it once). A run's `occurrence_key` is unique: a
 * scheduled occurrence (`cron:<job>:<ISO>`) or a backfill period creates one run however many
 * schedulers race for it. Runs keep the job's name and department so they stay listable and
 * scoped after the job is deleted. Log chunks are append-only, capped per run by the runner.
 */
export const m017Jobs: Migration = {
  version: 17,
  name: "jobs",
  statements: () => [
    `CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      description TEXT NOT NULL,
      type TEXT NOT NULL,
      config TEXT NOT NULL,
      params TEXT NOT NULL,
      schedule TEXT,
      misfire TEXT NOT NULL,
      catch_up_max INTEGER NOT NULL,
      retries TEXT NOT NULL,
      timeout_s INTEGER NOT NULL,
      concurrency TEXT NOT NULL,
      priority INTEGER NOT NULL,
      owner_department_id TEXT,
      tags TEXT NOT NULL,
      status TEXT NOT NULL,
      next_fire_at TEXT,
      schedule_anchor TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX jobs_due ON jobs (status, next_fire_at)",
    "CREATE INDEX jobs_dept ON jobs (owner_department_id)",
    `CREATE TABLE job_runs (
      id TEXT PRIMARY KEY,
      job_id TEXT NOT NULL,
      job_name TEXT NOT NULL,
      owner_department_id TEXT,
      status TEXT NOT NULL,
      trigger_kind TEXT NOT NULL,
      triggered_by TEXT,
      params TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      max_attempts INTEGER NOT NULL,
      occurrence_key TEXT UNIQUE,
      scheduled_for TEXT,
      biz_date TEXT,
      backfill_id TEXT,
      enqueued INTEGER NOT NULL DEFAULT 1,
      queued_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      duration_ms INTEGER,
      exit_code INTEGER,
      http_status INTEGER,
      output TEXT,
      error TEXT,
      reason TEXT,
      next_attempt_at TEXT,
      worker_id TEXT,
      cancel_requested INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX job_runs_job ON job_runs (job_id, queued_at)",
    "CREATE INDEX job_runs_status ON job_runs (status, queued_at)",
    "CREATE INDEX job_runs_backfill ON job_runs (backfill_id, status)",
    `CREATE TABLE job_run_logs (
      run_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      stream TEXT NOT NULL,
      text TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    )`,
    `CREATE TABLE job_backfills (
      id TEXT PRIMARY KEY,
      job_id TEXT NOT NULL,
      from_date TEXT NOT NULL,
      to_date TEXT NOT NULL,
      parallelism INTEGER NOT NULL,
      total INTEGER NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL
    )`,
    "CREATE TABLE job_scheduler_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_by TEXT, updated_at TEXT NOT NULL)",
  ],
};
