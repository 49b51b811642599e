import type { Migration } from "../migrate.ts";

/**
 * Report datasources (modules/reports/sources). `url` holds the connection URL sealed with the secret box (null for
 * store and upload sources); options, health and upload are JSON. `upload` is filled by reports/uploads.
 */
export const m038ReportDatasources: Migration = {
  version: 38,
  name: "report-datasources",
  statements: () => [
    `CREATE TABLE report_datasources (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      url TEXT,
      options TEXT NOT NULL,
      health TEXT,
      upload TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
  ],
};
