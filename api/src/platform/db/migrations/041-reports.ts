import type { Migration } from "../migrate.ts";

/**
 * Reports (issue 12) — report definitions and what viewers keep of them, and the metric dictionary.
 *
 * reports: one row per report; chart, controls, format, drill and roles are JSON. `name` is what URLs and chat use.
 * report_favourites / report_view_prefs: per user and report (prefs is ReportViewPrefs JSON).
 * report_shares: a read-only link with fixed parameters (JSON), optionally expiring.
 * report_metrics: the metric dictionary (tags JSON); report ids are computed, not stored.
 */
export const m041Reports: Migration = {
  version: 41,
  name: "reports",
  statements: () => [
    `CREATE TABLE reports (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      description TEXT NOT NULL,
      dataset_id TEXT NOT NULL,
      chart TEXT NOT NULL,
      controls TEXT NOT NULL,
      format TEXT NOT NULL,
      drill TEXT,
      cache_ttl_s INTEGER NOT NULL,
      roles TEXT NOT NULL,
      owner_id TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX reports_dataset ON reports (dataset_id)",
    `CREATE TABLE report_favourites (
      user_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (user_id, report_id)
    )`,
    "CREATE INDEX report_favourites_report ON report_favourites (report_id)",
    `CREATE TABLE report_view_prefs (
      user_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      prefs TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (user_id, report_id)
    )`,
    `CREATE TABLE report_shares (
      id TEXT PRIMARY KEY,
      report_id TEXT NOT NULL,
      params TEXT NOT NULL,
      expires_at TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX report_shares_report ON report_shares (report_id)",
    `CREATE TABLE report_metrics (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      owner_id TEXT,
      definition TEXT NOT NULL,
      sql_text TEXT,
      dataset_id TEXT,
      column_name TEXT,
      unit TEXT NOT NULL,
      refresh TEXT NOT NULL,
      tags TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
  ],
};
