import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../env.ts";
import { buildSystem, type System } from "../system.ts";
import { fixedClock } from "../platform/clock.ts";
import { createLogger } from "../platform/logger.ts";
import { testDatabase, type TestDatabase } from "../testing/databases.ts";
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, type Engine } from "../testing/harness.ts";
import { DEMO_DEPTS, DEMO_USERS } from "./seed-demo.ts";
import { createDemoRegistry } from "./registry.ts";

const HOUR = 3_600_000;
const BUILTIN_ROLES = ["super_admin", "ops_manager", "ops_specialist", "developer", "auditor"];
const TABLES = ["users", "departments", "user_roles", "login_logs", "audit_logs", "notifications", "notify_events"];

type Started = { system: System; api<T = any>(method: string, path: string, token?: string): Promise<{ status: number; body: T }> };

/** Two starts of a real system (OPS_DEMO=1) on one database, an hour apart, as `npm start` twice would do. */
async function start(engine: Engine, url: string, dataDir: string, clock: ReturnType<typeof fixedClock>): Promise<Started> {
  const env = parseEnv({
    OPS_ADMIN_PASSWORD: ADMIN_PASSWORD, OPS_DEMO: "1", OPS_SECRET_KEY: "demo-test-secret-0123456789", OPS_DATA_DIR: dataDir,
    OPS_PWA_DIST: "./.tmp/no-pwa", OPS_DB_POOL_MAX: "3", OPS_TRUST_PROXY: "1",
  });
  const system = await buildSystem(env, { clock, databaseUrl: url, logger: createLogger("silent"), metricsDefaults: false });
  return {
    system,
    async api(method, path, token) {
      const res = await system.app.request(`/api/v1${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: res.status, body: (await res.json()) as any };
    },
  };
}

async function counts(system: System): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await system.db.get<{ n: number }>(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM ${t}`))!.n);
  return out;
}

async function login(s: Started, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await s.system.app.request("/api/v1/auth/login", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as any;
  if (!body.data?.access_token) throw new Error(`login ${username}: ${JSON.stringify(body)}`);
  return body.data.access_token;
}

describe.each(ENGINES)("demo company (OPS_DEMO=1) on %s", (engine) => {
  let db: TestDatabase;
  let dataDir: string;
  let s: Started;
  let admin: string;
  const clock = fixedClock(new Date("2026-12-03T02:30:00Z"));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "ops-demo-"));
    db = engine === "sqlite" ? { url: `sqlite://${join(dataDir, "ops.db")}`, drop: async () => {} } : await testDatabase(engine);
    s = await start(engine, db.url, dataDir, clock);
    admin = await login(s, "admin", ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await s?.system.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("has nested departments, each led by an active user of the company", async () => {
    const codes = new Map((await s.system.db.all<{ id: string; code: string | null }>("SELECT id, code FROM departments")).map((d) => [d.id, d.code]));
    const listed = (await s.api("GET", "/departments?flat=true", admin)).body.data as Array<{ id: string; parent_id: string | null; leader_id: string | null }>;
    const depts = listed.map((d) => ({ ...d, code: codes.get(d.id) ?? null }));
    const users = (await s.api("GET", "/users?page_size=100", admin)).body.data.items as Array<{ id: string; username: string; status: string }>;
    const demo = depts.filter((d) => d.code?.startsWith("demo_"));
    expect(demo.map((d) => d.code).sort()).toEqual(DEMO_DEPTS.map((d) => `demo_${d.key}`).sort());
    const byCode = new Map(demo.map((d) => [d.code, d]));
    expect(byCode.get("demo_ops1")!.parent_id).toBe(byCode.get("demo_ops")!.id);
    expect(byCode.get("demo_tech_sre")!.parent_id).toBe(byCode.get("demo_tech")!.id);
    for (const d of demo) {
      const leader = users.find((u) => u.id === d.leader_id);
      expect(leader, `${d.code} has a leader`).toBeDefined();
      expect(leader!.status).toBe("active");
    }
  });

  it("has 15–20 users covering every built-in role, with MFA, locked, disabled and expiring accounts", async () => {
    const r = await s.api("GET", "/users?page_size=100", admin);
    const users = r.body.data.items as Array<{ username: string; status: string; mfa_enabled: boolean; locked: boolean; roles: { code: string }[]; email: string | null; phone: string | null }>;
    expect(r.body.data.total).toBeGreaterThanOrEqual(15);
    expect(r.body.data.total).toBeLessThanOrEqual(20);
    // capabilities' demo roles (the ticket parties) come on top of the built-in ones
    expect(new Set(users.flatMap((u) => u.roles.map((x) => x.code)).filter((c) => (BUILTIN_ROLES as readonly string[]).includes(c)))).toEqual(new Set(BUILTIN_ROLES));
    expect(users.filter((u) => u.mfa_enabled).length).toBeGreaterThanOrEqual(2);
    expect(users.filter((u) => !u.mfa_enabled).length).toBeGreaterThanOrEqual(10);
    expect(users.find((u) => u.username === "linxiaoyu")).toMatchObject({ locked: true, status: "active" });
    expect(users.find((u) => u.username === "huangmin")).toMatchObject({ status: "disabled" });
    // the existing five stay as they always were
    for (const u of DEMO_USERS.slice(0, 5)) expect(users.some((x) => x.username === u.username)).toBe(true);
    const wuqian = await login(s, "wuqian");
    const me = await s.api("GET", "/auth/me", wuqian);
    expect(me.status).toBe(200);
    const expiry = await s.system.db.get<{ password_changed_at: string }>("SELECT password_changed_at FROM users WHERE username = 'wuqian'");
    const daysLeft = 90 - (clock.now().getTime() - Date.parse(expiry!.password_changed_at)) / (24 * HOUR);
    expect(daysLeft).toBeGreaterThan(0);
    expect(daysLeft).toBeLessThan(7);
  });

  it("has two weeks of sign-ins (successes from several addresses, failures, a lockout) and audit rows, and the chains verify", async () => {
    const logins = await s.system.db.all<{ ts: string; success: number | boolean; reason: string | null; ip: string | null; username: string }>(
      "SELECT ts, success, reason, ip, username FROM login_logs",
    );
    const days = new Set(logins.map((l) => l.ts.slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(10);
    expect(new Set(logins.filter((l) => Number(l.success) === 1).map((l) => l.ip)).size).toBeGreaterThanOrEqual(3);
    expect(logins.some((l) => l.reason === "bad_password")).toBe(true);
    expect(logins.filter((l) => l.reason === "locked").map((l) => l.username)).toContain("linxiaoyu");
    const oldest = Math.min(...logins.map((l) => Date.parse(l.ts)));
    expect(clock.now().getTime() - oldest).toBeGreaterThan(12 * 24 * HOUR);

    const auditor = await login(s, "chenjing");
    const actions = await s.api("GET", "/audit/logs?module=iam&page_size=100", auditor);
    expect(actions.body.data.items.map((x: { action: string }) => x.action)).toEqual(expect.arrayContaining(["user.create", "user.update", "dept.update", "user.unlock"]));
    const verify = await s.api("GET", "/audit/verify", admin);
    expect(verify.status, JSON.stringify(verify.body)).toBe(200);
    expect(verify.body.data.ok).toBe(true);
  });

  it("fills inboxes with notifications, some unread", async () => {
    const inbox = await s.api("GET", "/notifications?page_size=50", admin);
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
    const items = inbox.body.data.items as Array<{ read: boolean; type: string }>;
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(items.some((n) => !n.read)).toBe(true);
    const lina = await login(s, "lina");
    const hers = (await s.api("GET", "/notifications?page_size=50", lina)).body.data.items as Array<{ read: boolean }>;
    expect(hers.some((n) => n.read)).toBe(true);
    // the made-up phone numbers are never texted
    const blocked = await s.system.db.all<{ address: string }>("SELECT address FROM notify_blacklist WHERE channel = 'sms'");
    expect(blocked.map((b) => b.address).sort()).toEqual(DEMO_USERS.map((u) => u.phone).sort());
  });

  it("adds nothing on a second start, and runs a seeder registered later exactly once", async () => {
    const before = await counts(s.system);
    await s.system.close();
    clock.advance(HOUR);
    s = await start(engine, db.url, dataDir, clock);
    expect(await counts(s.system)).toEqual(before);
    admin = await login(s, "admin", ADMIN_PASSWORD);
    expect((await s.api("GET", "/audit/verify", admin)).body.data.ok).toBe(true);

    // a later capability's seeder: runs on this database once, then never again
    const runs: string[] = [];
    const registry = createDemoRegistry();
    registry.register({ name: "later-capability", order: 100, seed: async () => void runs.push("ran") });
    expect(() => registry.register({ name: "later-capability", order: 1, seed: async () => {} })).toThrow(/twice/);
    const ctx = { db: s.system.db, clock, logger: createLogger("silent"), secrets: null as never, iam: s.system.iam, audit: s.system.audit, notify: s.system.notify };
    expect(await registry.run(ctx)).toEqual(["later-capability"]);
    expect(await registry.run(ctx)).toEqual([]);
    expect(runs).toEqual(["ran"]);
  });
});
