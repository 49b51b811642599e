import type { Migration } from "../migrate.ts";

/**
 * Reports delivery (modules/reports/exports and subscriptions): export jobs with their progress and file, report
 * subscriptions with their schedule (next_run_at claimed by a conditional UPDATE, so one scheduler fires each
 * occurrence), and one run row per recipient and firing (status and error per person).
 */
export const m042ReportExportsSubscriptions: Migration = {
  version: 42,
  name: "report-exports-subscriptions",
  statements: () => [
    `CREATE TABLE report_exports (
      id TEXT PRIMARY KEY,
      report_id TEXT NOT NULL,
      format TEXT NOT NULL,
      params TEXT NOT NULL,
      status TEXT NOT NULL,
      progress INTEGER NOT NULL,
      estimated_rows INTEGER,
      rows_done INTEGER,
      bytes INTEGER,
      blob_key TEXT,
      error TEXT,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      finished_at TEXT
    )`,
    "CREATE INDEX report_exports_creator ON report_exports (created_by, created_at)",
    "CREATE INDEX report_exports_finished ON report_exports (finished_at)",
    `CREATE TABLE report_subscriptions (
      id TEXT PRIMARY KEY,
      report_id TEXT NOT NULL,
      name TEXT NOT NULL,
      frequency TEXT NOT NULL,
      time TEXT NOT NULL,
      day INTEGER,
      time_zone TEXT NOT NULL,
      params TEXT NOT NULL,
      recipients TEXT NOT NULL,
      channels TEXT NOT NULL,
      attach_xlsx INTEGER NOT NULL,
      enabled INTEGER NOT NULL,
      next_run_at TEXT,
      last_run_at TEXT,
      last_status TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX report_subscriptions_due ON report_subscriptions (enabled, next_run_at)",
    "CREATE INDEX report_subscriptions_report ON report_subscriptions (report_id)",
    `CREATE TABLE report_subscription_runs (
      id TEXT PRIMARY KEY,
      subscription_id TEXT NOT NULL,
      fire_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      status TEXT NOT NULL,
      error TEXT,
      event_id TEXT,
      created_at TEXT NOT NULL,
      finished_at TEXT
    )`,
    "CREATE UNIQUE INDEX report_subscription_runs_fire_user ON report_subscription_runs (fire_id, user_id)",
    "CREATE INDEX report_subscription_runs_sub ON report_subscription_runs (subscription_id, created_at)",
  ],
};
