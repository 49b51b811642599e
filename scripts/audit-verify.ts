/**
 * Checks the audit and login log hash chains (and the archive files) of an installation, reading
 * the same environment as the server: DATABASE_URL (else SQLite in OPS_DATA_DIR), OPS_DATA_DIR
 * (archives in audit-archive/) and OPS_SECRET_KEY (else OPS_DATA_DIR/secret.key). Read-only: it
 * runs no migration and writes nothing.
 *
 *   bun scripts/audit-verify.ts     → prints {ok, checked, first_bad, tables} as JSON
 *
 * Exit status: 0 intact, 1 a chain is broken (first_bad says where and why), 2 could not check.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseEnv } from "../api/src/env.ts";
import { openDb } from "../api/src/platform/db/db.ts";
import { sha256 } from "../api/src/platform/crypto.ts";
import { verifyAuditChains } from "../api/src/modules/audit/index.ts";

async function main(): Promise<number> {
  const env = parseEnv(process.env);
  const dataDir = resolve(env.OPS_DATA_DIR);
  const url = env.DATABASE_URL ?? `sqlite://${join(dataDir, "ops.db")}`;
  const keyFile = join(dataDir, "secret.key");
  const secret = env.OPS_SECRET_KEY ?? (existsSync(keyFile) ? readFileSync(keyFile, "utf8").trim() : undefined);
  if (!secret) throw new Error(`no OPS_SECRET_KEY and no ${keyFile}`);
  if (url.startsWith("sqlite://") && !url.includes(":memory:") && !existsSync(url.slice("sqlite://".length))) throw new Error(`no database at ${url}`);
  const db = await openDb(url, { poolMax: 2 });
  try {
    const report = await verifyAuditChains(db, sha256(`ops-audit-chain:${secret}`), join(dataDir, "audit-archive"));
    console.log(JSON.stringify(report, null, 2));
    return report.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`audit-verify: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
