import type { Migration } from "../migrate.ts";

/** Audit and login logs: append-only, enforced by triggers on both engines. */
export const m002Audit: Migration = {
  version: 2,
  name: "audit",
  statements: (dialect) => [
    `CREATE TABLE audit_logs (
      id TEXT PRIMARY KEY,
      ts TEXT NOT NULL,
      actor_kind TEXT NOT NULL,
      actor_id TEXT,
      actor_name TEXT,
      dept_id TEXT,
      via TEXT NOT NULL DEFAULT 'web',
      ip TEXT,
      user_agent TEXT,
      method TEXT,
      path TEXT,
      module TEXT NOT NULL,
      action TEXT NOT NULL,
      resource_type TEXT,
      resource_id TEXT,
      before_data TEXT,
      after_data TEXT,
      status INTEGER NOT NULL,
      error_code TEXT,
      duration_ms INTEGER,
      request_id TEXT
    )`,
    "CREATE INDEX audit_logs_ts ON audit_logs(ts)",
    "CREATE INDEX audit_logs_actor ON audit_logs(actor_id, ts)",
    "CREATE INDEX audit_logs_resource ON audit_logs(resource_type, resource_id)",
    `CREATE TABLE login_logs (
      id TEXT PRIMARY KEY,
      ts TEXT NOT NULL,
      username TEXT NOT NULL,
      user_id TEXT,
      provider TEXT NOT NULL DEFAULT 'password',
      success INTEGER NOT NULL,
      reason TEXT,
      ip TEXT,
      user_agent TEXT,
      session_id TEXT,
      request_id TEXT
    )`,
    "CREATE INDEX login_logs_ts ON login_logs(ts)",
    "CREATE INDEX login_logs_user ON login_logs(username, ts)",
    ...appendOnly(dialect, "audit_logs"),
    ...appendOnly(dialect, "login_logs"),
  ],
};

function appendOnly(dialect: string, table: string): string[] {
  if (dialect === "sqlite") {
    return ["UPDATE", "DELETE"].map(
      (op) =>
        `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
    );
  }
  return [
    `CREATE OR REPLACE FUNCTION ops_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql`,
    `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ops_append_only()`,
  ];
}
