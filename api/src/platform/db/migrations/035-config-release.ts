import type { Migration } from "../migrate.ts";

/**
 * Config center releases (modules/config/release): change sets (changes waiting for approval, with the
 * diff the approver read, the approval that decides them, an optional release time and gray spec) and
 * releases (numbered per table, immutable but for their status: gray → full | aborted, full → superseded).
 * The partial unique indexes keep at most one full and one gray release per table, so two processes
 * releasing at once cannot both win. A due scheduled set is claimed by its conditional status UPDATE, so it is released once.
 */
export const m035ConfigRelease: Migration = {
  version: 35,
  name: "config-release",
  statements: () => [
    `CREATE TABLE config_change_sets (
      id TEXT PRIMARY KEY,
      table_name TEXT NOT NULL,
      status TEXT NOT NULL,
      changes TEXT NOT NULL,
      diff TEXT NOT NULL,
      reason TEXT NOT NULL,
      author_id TEXT NOT NULL,
      approval_id TEXT,
      release_at TEXT,
      gray TEXT,
      emergency INTEGER NOT NULL,
      version INTEGER,
      release_number INTEGER,
      error TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX config_change_sets_table ON config_change_sets (table_name, created_at)",
    "CREATE INDEX config_change_sets_status ON config_change_sets (status, release_at)",
    "CREATE INDEX config_change_sets_approval ON config_change_sets (approval_id)",
    "CREATE INDEX config_change_sets_author ON config_change_sets (author_id, status)",
    `CREATE TABLE config_releases (
      id TEXT PRIMARY KEY,
      table_name TEXT NOT NULL,
      number INTEGER NOT NULL,
      version INTEGER NOT NULL,
      status TEXT NOT NULL,
      gray TEXT,
      change_set_id TEXT,
      kind TEXT NOT NULL,
      note TEXT NOT NULL,
      released_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      ended_at TEXT,
      UNIQUE (table_name, number)
    )`,
    "CREATE UNIQUE INDEX config_releases_one_full ON config_releases (table_name) WHERE status = 'full'",
    "CREATE UNIQUE INDEX config_releases_one_gray ON config_releases (table_name) WHERE status = 'gray'",
  ],
};
