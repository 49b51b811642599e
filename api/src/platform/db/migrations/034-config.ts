import type { Migration } from "../migrate.ts";

/** Codes the built-in roles get for the config center (seed-roles.ts gives them to roles created from now on). */
const GRANTS: Array<[role: string, codes: string[]]> = [
  ["ops_manager", ["config:design"]],
  ["developer", ["config:design"]],
];

/**
 * Config center (modules/config). A table is metadata (fields as JSON); its live records are keyed by the key
 * field's value, values as JSON (secret fields sealed with the secret box). Every applied change is one table
 * version (config_versions) holding each changed record's snapshot (config_record_versions: the values after the
 * change, or op "removed"), so the state at version v is, per key, the newest snapshot at or below v.
 * `release` is set by release/ (the newest full release); `version` is the newest version.
 */
export const m034Config: Migration = {
  version: 34,
  name: "config",
  statements: () => [
    `CREATE TABLE config_tables (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      fields TEXT NOT NULL,
      key_field TEXT NOT NULL,
      read_roles TEXT NOT NULL DEFAULT '[]',
      write_roles TEXT NOT NULL DEFAULT '[]',
      needs_approval INTEGER NOT NULL DEFAULT 0,
      approval_definition TEXT NOT NULL DEFAULT 'config-release',
      owner_department_id TEXT,
      keep_history_days INTEGER,
      subscribers TEXT NOT NULL DEFAULT '[]',
      system INTEGER NOT NULL DEFAULT 0,
      version INTEGER NOT NULL DEFAULT 0,
      release INTEGER,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted_at TEXT
    )`,
    `CREATE TABLE config_records (
      id TEXT PRIMARY KEY,
      table_id TEXT NOT NULL REFERENCES config_tables(id),
      record_key TEXT NOT NULL,
      record_values TEXT NOT NULL,
      department_id TEXT,
      version INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (table_id, record_key)
    )`,
    "CREATE INDEX config_records_dept ON config_records (table_id, department_id)",
    `CREATE TABLE config_versions (
      table_id TEXT NOT NULL REFERENCES config_tables(id),
      version INTEGER NOT NULL,
      kind TEXT NOT NULL,
      reason TEXT NOT NULL,
      operator_id TEXT NOT NULL,
      added INTEGER NOT NULL DEFAULT 0,
      changed INTEGER NOT NULL DEFAULT 0,
      removed INTEGER NOT NULL DEFAULT 0,
      change_set_id TEXT,
      restored_version INTEGER,
      created_at TEXT NOT NULL,
      PRIMARY KEY (table_id, version)
    )`,
    `CREATE TABLE config_record_versions (
      table_id TEXT NOT NULL REFERENCES config_tables(id),
      version INTEGER NOT NULL,
      record_key TEXT NOT NULL,
      op TEXT NOT NULL,
      record_values TEXT,
      department_id TEXT,
      PRIMARY KEY (table_id, record_key, version)
    )`,
    "CREATE INDEX config_record_versions_version ON config_record_versions (table_id, version)",
    `CREATE TABLE config_uploads (
      key TEXT PRIMARY KEY,
      table_id TEXT NOT NULL REFERENCES config_tables(id),
      mime TEXT NOT NULL,
      size INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    ...GRANTS.flatMap(([role, codes]) =>
      codes.map(
        (code) =>
          `INSERT INTO role_permissions (role_id, permission_code)
           SELECT r.id, '${code}' FROM roles r WHERE r.builtin = 1 AND r.code = '${role}'
           AND NOT EXISTS (SELECT 1 FROM role_permissions x WHERE x.role_id = r.id AND x.permission_code = '${code}')`,
      )),
  ],
};
