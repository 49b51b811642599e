import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "../../env.ts";
import { buildSystem, type System } from "../../system.ts";
import { openDb } from "../../platform/db/db.ts";
import { migrate } from "../../platform/db/migrate.ts";
import { migrations } from "../../platform/db/migrations/index.ts";
import { createLogger } from "../../platform/logger.ts";
import { ENGINES, ADMIN_PASSWORD } from "../../testing/harness.ts";
import { testDatabase, type Engine, type TestDatabase } from "../../testing/databases.ts";
import { dropGuards } from "./chain.testkit.ts";

const SECRET = "upgrade-secret-key-0123456789";
const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));

/** A database file (SQLite) or database (PostgreSQL) that outlives one system, as an installation's does. */
async function installation(engine: Engine) {
  const dataDir = mkdtempSync(join(tmpdir(), "ops-chain-"));
  const pg: TestDatabase | null = engine === "postgres" ? await testDatabase("postgres") : null;
  const url = pg?.url ?? `sqlite://${join(dataDir, "ops.db")}`;
  const env = { OPS_SECRET_KEY: SECRET, OPS_DATA_DIR: dataDir, DATABASE_URL: url };
  const systems: System[] = [];
  return {
    url, dataDir, env,
    async start() {
      const system = await buildSystem(parseEnv({ ...env, OPS_ADMIN_PASSWORD: ADMIN_PASSWORD, OPS_ROLES: "web", OPS_TRUST_PROXY: "1", OPS_DB_POOL_MAX: "3", OPS_PWA_DIST: "./.tmp/no-pwa" }), {
        logger: createLogger("silent"), metricsDefaults: false,
      });
      systems.push(system);
      return system;
    },
    /** bun scripts/audit-verify.ts with this installation's environment */
    async script(extra: Record<string, string> = {}) {
      const child = Bun.spawn([process.execPath, "scripts/audit-verify.ts"], {
        cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env, ...extra }, stdout: "pipe", stderr: "pipe",
      });
      const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
      return { code, report: out ? JSON.parse(out) : null, err };
    },
    async close() {
      for (const s of systems) await s.close();
      await pg?.drop();
    },
  };
}

async function call(system: System, method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await system.app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}
const signIn = async (system: System) => (await call(system, "POST", "/api/v1/auth/login", undefined, { username: "admin", password: ADMIN_PASSWORD })).body.data.access_token as string;

describe.each(ENGINES)("audit chain across upgrades, nodes and the verify script (%s)", (engine) => {
  let inst: Awaited<ReturnType<typeof installation>> | undefined;
  afterEach(async () => {
    await inst?.close();
    inst = undefined;
  });

  it("chains rows written before the chain existed, and the script reports what the endpoint does", async () => {
    inst = await installation(engine);
    const old = await openDb(inst.url);
    await migrate(old, migrations.filter((m) => m.version < 9));
    for (const [i, ts] of ["2025-03-01T00:00:02.000Z", "2025-03-01T00:00:01.000Z", "2025-03-01T00:00:03.000Z"].entries()) {
      await old.run("INSERT INTO audit_logs (id, ts, actor_kind, module, action, status, duration_ms) VALUES (?, ?, 'user', 'iam', 'legacy', 200, ?)", [`legacy-${i}`, ts, i]);
    }
    await old.run("INSERT INTO login_logs (id, ts, username, success) VALUES ('legacy-login', '2025-03-01T00:00:00.000Z', 'old', 1)");
    await old.close();

    const system = await inst.start();
    const token = await signIn(system);
    const verify = async () => (await call(system, "GET", "/api/v1/audit/verify", token)).body.data;
    const first = await verify();
    expect(first).toMatchObject({ ok: true, first_bad: null });
    expect(first.tables.audit_logs.checked).toBeGreaterThanOrEqual(3);
    expect(first.tables.login_logs.checked).toBe(2);
    expect(await system.db.all("SELECT id FROM audit_logs WHERE seq <= 3 ORDER BY seq")).toEqual([{ id: "legacy-1" }, { id: "legacy-0" }, { id: "legacy-2" }]);

    const ok = await inst.script();
    expect(ok).toMatchObject({ code: 0, report: { ok: true, first_bad: null } });
    expect(ok.report.checked).toBe((await verify()).checked);

    await dropGuards(system.db, "audit_logs");
    await system.db.run("UPDATE audit_logs SET status = 500 WHERE id = 'legacy-0'");
    expect((await verify()).first_bad).toMatchObject({ table: "audit_logs", seq: 3, reason: "legacy_altered" });
    const broken = await inst.script();
    expect(broken.code).toBe(1);
    expect(broken.report.first_bad).toEqual((await verify()).first_bad);

    const wrongKey = await inst.script({ OPS_SECRET_KEY: "another-secret-key-0123456789" });
    expect(wrongKey).toMatchObject({ code: 1, report: { first_bad: { table: "audit_logs", reason: "head_tampered" } } });
  });

  it.skipIf(engine !== "postgres")("keeps one linear chain when two nodes write at once", async () => {
    inst = await installation(engine);
    const a = await inst.start();
    const b = await inst.start();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).app.request("/api/v1/auth/login", {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `10.6.${i}.1` },
          body: JSON.stringify({ username: `ghost${i}`, password: "x-wrong-1" }),
        }),
      ),
    );
    const report = (await call(a, "GET", "/api/v1/audit/verify", await signIn(b))).body.data;
    expect(report.first_bad).toBeNull();
    expect(report.tables.login_logs.head_seq).toBe(41);
    expect(report.tables.login_logs.checked).toBe(41);
  });
});
