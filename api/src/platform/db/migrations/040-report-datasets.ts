import type { Migration } from "../migrate.ts";

/**
 * Report datasets (modules/reports/datasets): SQL with named parameters or a visual builder over one datasource.
 * `params`, `columns`, `row_filters` and `builder` are JSON. report_attributes hold department attributes used by
 * `dept_attr` row filters (e.g. a department's region), one value per department and key.
 */
export const m040ReportDatasets: Migration = {
  version: 40,
  name: "report-datasets",
  statements: () => [
    `CREATE TABLE report_datasets (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      description TEXT NOT NULL DEFAULT '',
      datasource_id TEXT NOT NULL,
      mode TEXT NOT NULL,
      sql_text TEXT,
      builder TEXT,
      params TEXT NOT NULL DEFAULT '[]',
      columns TEXT NOT NULL DEFAULT '[]',
      row_filters TEXT NOT NULL DEFAULT '[]',
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX report_datasets_source ON report_datasets (datasource_id)",
    `CREATE TABLE report_attributes (
      dept_id TEXT NOT NULL,
      attr_key TEXT NOT NULL,
      attr_value TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (dept_id, attr_key)
    )`,
    "CREATE INDEX report_attributes_key ON report_attributes (attr_key, attr_value)",
  ],
};
