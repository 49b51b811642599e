import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "../../platform/db/db.ts";
import { createTestSystem, type Engine, type TestSystem } from "../../testing/harness.ts";

/** What an intruder with database access (and no key) can do, as raw SQL. */
export async function dropGuards(db: Db, table: string): Promise<void> {
  if (db.dialect === "sqlite") {
    await db.run(`DROP TRIGGER ${table}_no_update`);
    await db.run(`DROP TRIGGER ${table}_no_delete`);
  } else {
    await db.run(`DROP TRIGGER ${table}_append_only ON ${table}`);
  }
}

export async function maxSeq(db: Db, table: string): Promise<number> {
  return Number((await db.get<{ m: number | string }>(`SELECT MAX(seq) AS m FROM ${table}`))!.m);
}

/** A system with its own data dir (archives land there), some audit and login rows, and an auditor's token. */
export async function chainedSystem(engine: Engine, opts: { demo?: boolean } = {}): Promise<TestSystem & { dataDir: string; auditor: string; admin: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "ops-audit-"));
  // the demo's people without their two weeks of history: these suites count and address rows by seq
  const s = await createTestSystem({ engine, demo: opts.demo, demoSeeders: ["company"], env: { OPS_DATA_DIR: dataDir } });
  const admin = await s.login("admin");
  const auditor = await s.login("chenjing");
  for (const username of ["lina", "nobody"]) {
    await s.req("POST", "/api/v1/auth/login", { body: { username, password: "wrong-password" }, headers: { "x-forwarded-for": "10.3.3.3" } });
  }
  await s.req("POST", "/api/v1/auth/logout", { token: "not-a-token" });
  return Object.assign(s, { dataDir, auditor, admin });
}

export async function verify(s: TestSystem, token: string) {
  const r = await s.req("GET", "/api/v1/audit/verify", { token });
  if (r.status !== 200) throw new Error(`verify answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.data as { ok: boolean; checked: number; first_bad: { table: string; seq: number | null; id: string | null; reason: string; archive?: string } | null; tables: Record<"audit_logs" | "login_logs", { checked: number; archived: number; head_seq: number; head_hash: string | null }> };
}
