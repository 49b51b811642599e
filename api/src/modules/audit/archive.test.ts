import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createTestSystem, ENGINES, type Engine } from "../../testing/harness.ts";
import { type chainedSystem, verify } from "./chain.testkit.ts";

const DAY = 86_400_000;
type Sys = Awaited<ReturnType<typeof chainedSystem>>;

/**
 * A system whose first rows are 200 days old: successful sign-ins (zhangwei, lina), a failed one
 * with a known request id; then the clock back to now and fresh tokens.
 */
async function oldSystem(engine: Engine): Promise<Sys & { oldAudit: number; oldLogins: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), "ops-archive-"));
  // without the demo's recent history, so the 200-day-old rows are the oldest prefix of the chains
  const s = await createTestSystem({ engine, demoSeeders: ["company"], env: { OPS_DATA_DIR: dataDir } });
  const now = s.clock.now();
  s.clock.set(new Date(now.getTime() - 200 * DAY));
  await s.login("zhangwei");
  s.clock.advance(1000);
  await s.login("lina");
  await s.req("POST", "/api/v1/auth/login", { body: { username: "lina", password: "wrong-password" }, headers: { "x-request-id": "req-old-0001" } });
  const count = async (t: string) => Number((await s.system.db.get<{ n: number }>(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM ${t}`))!.n);
  const oldAudit = await count("audit_logs");
  const oldLogins = await count("login_logs");
  s.clock.set(now);
  const admin = await s.login("admin");
  const auditor = await s.login("chenjing");
  return Object.assign(s, { dataDir, admin, auditor, oldAudit, oldLogins });
}

const archiveDir = (s: Sys) => join(s.dataDir, "audit-archive");
const files = (s: Sys) => (existsSync(archiveDir(s)) ? readdirSync(archiveDir(s)).sort() : []);

describe.each(ENGINES)("audit archival on %s", (engine) => {
  let s: Awaited<ReturnType<typeof oldSystem>> | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it("moves rows older than the age into private gzip files, searchable, and the chain stays verifiable", async () => {
    s = await oldSystem(engine);
    expect(s.oldAudit).toBeGreaterThan(0);
    expect((await s.req("POST", "/api/v1/audit/archive", { token: s.auditor, body: {} })).status).toBe(403);
    const r = await s.req("POST", "/api/v1/audit/archive", { token: s.admin, body: {} });
    expect(r.status).toBe(200);
    expect(r.body.data.tables.audit_logs.rows).toBe(s.oldAudit);
    expect(r.body.data.tables.login_logs.rows).toBe(s.oldLogins);
    expect(files(s)).toHaveLength(2);
    expect(statSync(archiveDir(s)).mode & 0o777).toBe(0o700);
    for (const f of files(s)) {
      expect(statSync(join(archiveDir(s), f)).mode & 0o777).toBe(0o600);
      const lines = gunzipSync(readFileSync(join(archiveDir(s), f))).toString("utf8").trim().split("\n");
      expect(JSON.parse(lines[0]!)).toMatchObject({ first_seq: 1, prev_hash: "", mac: expect.any(String) });
    }

    // gone from the live list, found with include_archived, with the same filters and data scope
    const live = await s.req("GET", "/api/v1/audit/logs?request_id=req-old-0001", { token: s.auditor });
    expect(live.body.data.total).toBe(0);
    const found = await s.req("GET", "/api/v1/audit/logs?request_id=req-old-0001&include_archived=1", { token: s.auditor });
    expect(found.body.data.total).toBe(1);
    expect(found.body.data.items[0]).toMatchObject({ action: "auth.login", status: 401, request_id: "req-old-0001", seq: expect.any(Number) });
    const logins = await s.req("GET", "/api/v1/audit/logs?action=auth.login&status=success&include_archived=1&sort=ts", { token: s.auditor });
    const names = logins.body.data.items.map((x: { actor_name: string }) => x.actor_name);
    expect(names.slice(0, 2)).toEqual(["zhangwei", "lina"]);
    expect(names).toContain("admin");
    const manager = await s.login("zhangwei");
    const scoped = await s.req("GET", "/api/v1/audit/logs?action=auth.login&status=success&include_archived=1", { token: manager });
    expect(scoped.body.data.items.map((x: { actor_name: string }) => x.actor_name)).not.toContain("lina");
    expect(scoped.body.data.items.map((x: { actor_name: string }) => x.actor_name)).toContain("zhangwei");

    const audited = await s.req("GET", "/api/v1/audit/logs?action=log.archive", { token: s.auditor });
    expect(audited.body.data.items[0]).toMatchObject({ actor_name: "admin", module: "audit", status: 200 });
    expect(audited.body.data.items.some((x: { status: number }) => x.status === 403)).toBe(true);

    // the live chain continues from the last archived row; another run moves nothing
    await s.req("POST", "/api/v1/auth/logout", { token: "not-a-token" });
    const report = await verify(s, s.auditor);
    expect(report.first_bad).toBeNull();
    expect(report.tables.audit_logs.archived).toBe(s.oldAudit);
    expect(report.tables.login_logs.archived).toBe(s.oldLogins);
    const again = await s.req("POST", "/api/v1/audit/archive", { token: s.admin, body: {} });
    expect(again.body.data.tables.audit_logs.rows).toBe(0);
    expect(files(s)).toHaveLength(2);
    expect((await verify(s, s.auditor)).ok).toBe(true);
  });

  it("chains archive files to each other across runs, and finds one taken out of the middle", async () => {
    s = await oldSystem(engine);
    const first = await s.req("POST", "/api/v1/audit/archive", { token: s.admin, body: {} });
    expect(first.body.data.tables.audit_logs.rows).toBe(s.oldAudit);
    await s.req("POST", "/api/v1/auth/logout", { token: "not-a-token", headers: { "x-request-id": "req-mid-0001" } });
    s.clock.advance(1000);
    const second = await s.req("POST", "/api/v1/audit/archive", { token: s.admin, body: { older_than_days: 0 } });
    expect(second.body.data.tables.audit_logs.rows).toBeGreaterThan(1);
    const auditFiles = files(s).filter((f) => f.startsWith("audit_logs"));
    expect(auditFiles).toHaveLength(2);
    const dir = archiveDir(s);
    const [a, b] = auditFiles.map((f) => JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString("utf8").split("\n")[0]!));
    expect(b.first_seq).toBe(a.last_seq + 1);
    expect(b.prev_hash).toBe(a.last_hash);
    const report = await verify(s, s.auditor);
    expect(report.first_bad).toBeNull();
    expect(report.tables.audit_logs.archived).toBe(b.last_seq);
    const mid = await s.req("GET", "/api/v1/audit/logs?request_id=req-mid-0001&include_archived=true", { token: s.auditor });
    expect(mid.body.data.total).toBe(1);

    rmSync(join(archiveDir(s), auditFiles[0]!));
    expect((await verify(s, s.auditor)).first_bad).toMatchObject({ table: "audit_logs", seq: 1, reason: "archive_missing", archive: auditFiles[1] });
    const refused = await s.req("POST", "/api/v1/audit/archive", { token: s.admin, body: { older_than_days: 0 } });
    expect(refused).toMatchObject({ status: 409, body: { code: 40901, reason: "audit.chain_broken" } });
  });

  it("archives on its own shortly after start (then daily), with OPS_AUDIT_ARCHIVE_DAYS", async () => {
    s = await oldSystem(engine);
    await s.system.audit.stop(); // the timer the system started (30 s after start), replaced by one due now
    const outcome = await new Promise((resolve) => s!.system.audit.startArchiving(0, resolve));
    expect(outcome).toMatchObject({ tables: { audit_logs: { rows: s.oldAudit }, login_logs: { rows: s.oldLogins } } });
    expect((await verify(s, s.auditor)).tables.audit_logs.archived).toBe(s.oldAudit);
  });

  it("finds an altered or missing archive file", async () => {
    s = await oldSystem(engine);
    await s.req("POST", "/api/v1/audit/archive", { token: s.admin, body: {} });
    const name = files(s).find((f) => f.startsWith("login_logs"))!;
    const path = join(archiveDir(s), name);
    const original = readFileSync(path);
    const lines = gunzipSync(original).toString("utf8").trim().split("\n");
    const row = JSON.parse(lines[2]!);
    row.row.success = 1 - Number(row.row.success);
    lines[2] = JSON.stringify(row);
    writeFileSync(path, gzipSync(`${lines.join("\n")}\n`));
    expect((await verify(s, s.auditor)).first_bad).toMatchObject({ table: "login_logs", seq: 2, reason: "hash_mismatch", archive: name });
    rmSync(path);
    expect((await verify(s, s.auditor)).first_bad).toMatchObject({ table: "login_logs", seq: 1, reason: "archive_missing" });
    writeFileSync(path, original, { mode: 0o600 });
    expect((await verify(s, s.auditor)).ok).toBe(true);
  });

  it("finishes a run that crashed after writing its file: nothing duplicated or lost", async () => {
    s = await oldSystem(engine);
    const db = s.system.db;
    // the crash: the file is written and synced, then the delete fails
    if (db.dialect === "sqlite") {
      await db.run("CREATE TRIGGER crash_now BEFORE DELETE ON login_logs BEGIN SELECT RAISE(ABORT, 'crash'); END");
    } else {
      await db.run("CREATE FUNCTION crash_now() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'crash'; END $$ LANGUAGE plpgsql");
      await db.run("CREATE TRIGGER crash_now BEFORE DELETE ON login_logs FOR EACH ROW EXECUTE FUNCTION crash_now()");
    }
    const crashed = await s.req("POST", "/api/v1/audit/archive", { token: s.admin, body: {} });
    expect(crashed.status).toBe(500);
    expect(files(s)).toHaveLength(2);
    expect(Number((await db.get<{ n: number }>("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM login_logs WHERE seq <= ?", [s.oldLogins]))!.n)).toBe(s.oldLogins);
    expect((await verify(s, s.auditor)).ok).toBe(true);
    writeFileSync(join(archiveDir(s), "login_logs.x.000000000001-000000000002.jsonl.gz.tmp"), "half a file");

    await db.run(db.dialect === "sqlite" ? "DROP TRIGGER crash_now" : "DROP TRIGGER crash_now ON login_logs");
    const rerun = await s.req("POST", "/api/v1/audit/archive", { token: s.admin, body: {} });
    expect(rerun.status).toBe(200);
    expect(rerun.body.data.tables.login_logs.rows).toBe(s.oldLogins);
    expect(files(s)).toHaveLength(2);
    expect(files(s).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const report = await verify(s, s.auditor);
    expect(report.first_bad).toBeNull();
    expect(report.tables.login_logs.archived).toBe(s.oldLogins);
    expect(report.tables.login_logs.checked).toBe(report.tables.login_logs.head_seq);
  });
});
