import type { Migration } from "../migrate.ts";

/**
 * Directory sync (iam/sync): departments remember the platform they came from and their id there; each run (a dry run
 * or an applied one) is kept with its progress and its plan, so the page can show a progress bar and the diff.
 */
export const m053DirectorySync: Migration = {
  version: 53,
  name: "directory-sync",
  statements: () => [
    "ALTER TABLE departments ADD COLUMN external_source TEXT",
    "ALTER TABLE departments ADD COLUMN external_id TEXT",
    "CREATE UNIQUE INDEX departments_external ON departments (external_source, external_id) WHERE external_id IS NOT NULL",
    `CREATE TABLE directory_sync_runs (
      id TEXT PRIMARY KEY,
      provider TEXT NOT NULL,
      dry_run INTEGER NOT NULL,
      status TEXT NOT NULL,
      progress INTEGER NOT NULL DEFAULT 0,
      plan TEXT,
      error TEXT,
      trigger TEXT NOT NULL,
      created_by TEXT,
      started_at TEXT NOT NULL,
      finished_at TEXT
    )`,
    "CREATE INDEX directory_sync_runs_started ON directory_sync_runs (provider, started_at)",
  ],
};
