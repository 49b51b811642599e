import type { Migration } from "../migrate.ts";

/**
 * Job alerts (modules/jobs/alerts): a job's alert settings as JSON (NULL: the defaults, failure
 * and timeout to the owner), and the open episodes. One row per (job, kind) while a problem
 * lasts: the primary key is what makes "one alert per episode" hold across workers.
 */
export const m018JobAlerts: Migration = {
  version: 18,
  name: "job-alerts",
  statements: () => [
    "ALTER TABLE jobs ADD COLUMN alerts TEXT",
    `CREATE TABLE job_alert_episodes (
      job_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      run_id TEXT,
      opened_at TEXT NOT NULL,
      PRIMARY KEY (job_id, kind)
    )`,
  ],
};
