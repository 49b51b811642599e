import type { Dialect } from "../db.ts";
import type { Migration } from "../migrate.ts";

const CHAINS = ["audit_logs", "login_logs"] as const;

/**
 * Tamper evidence for audit and login logs (hash chain) and archive bookkeeping.
 *
 * - `seq` + `chain_hash` per row: the HMAC chain (computed by api/src/modules/audit, which holds the key).
 * - `audit_chain_heads`: per table the last seq + hash, the archived prefix (base) and the rows that
 *   predate the chain (legacy), sealed with an HMAC so cutting the newest rows is detected.
 * - Rows already present are numbered here in (ts, id) order; their hashes are computed once at the
 *   first start (the key is not available to SQL), see audit/chain-writer.ts.
 * - The append-only triggers are replaced by ones with one narrow exception: DELETE while the
 *   archiver says so (PostgreSQL: transaction-local setting `ops.audit_archiving`; SQLite: the
 *   one-row `audit_archive_guard` table the archiver flips inside its transaction).
 */
export const m009AuditChain: Migration = {
  version: 9,
  name: "audit-chain",
  statements: (dialect) => [
    ...(dialect === "sqlite" ? ["CREATE TABLE audit_archive_guard (id INTEGER PRIMARY KEY CHECK (id = 1), archiving INTEGER NOT NULL DEFAULT 0)", "INSERT INTO audit_archive_guard (id, archiving) VALUES (1, 0)"] : [guardFunction()]),
    `CREATE TABLE audit_chain_heads (
      chain TEXT PRIMARY KEY,
      chain_id TEXT,
      seq ${int(dialect)} NOT NULL,
      hash TEXT,
      legacy_seq ${int(dialect)} NOT NULL DEFAULT 0,
      legacy_hash TEXT,
      base_seq ${int(dialect)} NOT NULL DEFAULT 0,
      base_hash TEXT NOT NULL DEFAULT '',
      mac TEXT
    )`,
    ...CHAINS.flatMap((table) => chainTable(dialect, table)),
  ],
};

const int = (dialect: Dialect) => (dialect === "postgres" ? "BIGINT" : "INTEGER");

function chainTable(dialect: Dialect, table: string): string[] {
  return [
    `ALTER TABLE ${table} ADD COLUMN seq ${int(dialect)}`,
    `ALTER TABLE ${table} ADD COLUMN chain_hash TEXT`,
    ...(dialect === "sqlite"
      ? [`DROP TRIGGER ${table}_no_update`, `DROP TRIGGER ${table}_no_delete`]
      : [`DROP TRIGGER ${table}_append_only ON ${table}`]),
    `UPDATE ${table} SET seq = r.n FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY ts, id) AS n FROM ${table}) AS r WHERE r.id = ${table}.id`,
    `CREATE UNIQUE INDEX ${table}_seq ON ${table}(seq)`,
    `INSERT INTO audit_chain_heads (chain, seq, legacy_seq) SELECT '${table}', COUNT(*), COUNT(*) FROM ${table}`,
    ...guardTriggers(dialect, table),
  ];
}

function guardFunction(): string {
  return `CREATE OR REPLACE FUNCTION ops_audit_guard() RETURNS trigger AS $$ BEGIN
    IF TG_OP = 'DELETE' AND current_setting('ops.audit_archiving', true) = 'on' THEN RETURN OLD; END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
  END $$ LANGUAGE plpgsql`;
}

function guardTriggers(dialect: Dialect, table: string): string[] {
  if (dialect === "sqlite") {
    return [
      `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
      `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} WHEN (SELECT archiving FROM audit_archive_guard WHERE id = 1) IS NOT 1
        BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
    ];
  }
  return [
    `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ops_audit_guard()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ops_audit_guard()`,
  ];
}
