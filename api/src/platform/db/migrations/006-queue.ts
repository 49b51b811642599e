import type { Migration } from "../migrate.ts";

/**
 * Jobs of the embedded queue driver (platform/queue/sqlite). One row per job for its whole life.
 * `due_at` is the instant the row next matters: when a waiting job becomes reservable, when an
 * active job's lease runs out, when a finished job was finished (for retention). So "what can be
 * reserved now" is one indexed range (`state IN ('waiting','active') AND due_at <= now`) and the
 * next wake-up is its MIN. `seq` keeps FIFO order within a priority and due instant.
 */
export const m006Queue: Migration = {
  version: 6,
  name: "queue",
  statements: (dialect) => [
    `CREATE TABLE queue_jobs (
      seq ${dialect === "postgres" ? "BIGSERIAL" : "INTEGER"} PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      queue TEXT NOT NULL,
      name TEXT NOT NULL,
      payload TEXT NOT NULL,
      state TEXT NOT NULL,
      priority INTEGER NOT NULL DEFAULT 0,
      due_at TEXT NOT NULL,
      attempt INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL DEFAULT 1,
      failures INTEGER NOT NULL DEFAULT 0,
      lease_expiries INTEGER NOT NULL DEFAULT 0,
      backoff_type TEXT,
      backoff_ms INTEGER NOT NULL DEFAULT 0,
      lease_token TEXT,
      worker_id TEXT,
      idempotency_key TEXT,
      result TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT
    )`,
    "CREATE UNIQUE INDEX queue_jobs_idempotency ON queue_jobs(queue, idempotency_key)",
    "CREATE INDEX queue_jobs_next ON queue_jobs(queue, state, priority, due_at, seq)",
    "CREATE INDEX queue_jobs_due ON queue_jobs(queue, state, due_at)",
    "CREATE INDEX queue_jobs_lease ON queue_jobs(lease_token)",
  ],
};
