import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../../env.ts";
import { buildSystem, type System } from "../../../system.ts";
import type { Db } from "../../../platform/db/db.ts";
import { createLogger } from "../../../platform/logger.ts";
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES } from "../../../testing/harness.ts";
import { testDatabase, type TestDatabase } from "../../../testing/databases.ts";

/**
 * Two processes on one store (two systems over one database, each with its own pool and caches):
 * what one changes, the other applies on its very next request; and the authenticated path costs
 * one round trip for the session, user, roles and cache versions.
 */
type Node = { system: System; statements: () => number; req(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> };

async function node(url: string, demo: boolean): Promise<Node> {
  let statements = 0;
  const counted = (db: Db): Db => ({
    ...db,
    all: (sql, params) => (statements++, db.all(sql, params)),
    get: (sql, params) => (statements++, db.get(sql, params)),
    run: (sql, params) => (statements++, db.run(sql, params)),
  });
  const env = parseEnv({
    OPS_ADMIN_PASSWORD: ADMIN_PASSWORD, OPS_DEMO: demo ? "1" : "0", OPS_SECRET_KEY: "test-secret-key-0123456789",
    OPS_DATA_DIR: "./.tmp/test-data", OPS_PWA_DIST: "./.tmp/no-pwa", OPS_DB_POOL_MAX: "3",
  });
  const system = await buildSystem(env, { databaseUrl: url, logger: createLogger("silent"), metricsDefaults: false, wrapDb: counted });
  return {
    system,
    statements: () => statements,
    async req(method, path, token, body) {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await system.app.request(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    },
  };
}

async function login(n: Node, username: string): Promise<string> {
  const r = await n.req("POST", "/auth/login", undefined, { username, password: username === "admin" ? ADMIN_PASSWORD : DEMO_PASSWORD });
  if (!r.body.data?.access_token) throw new Error(`login ${username}: ${JSON.stringify(r.body)}`);
  return r.body.data.access_token;
}

describe.each(ENGINES)("IAM cache across processes (%s)", (engine) => {
  let tdb: TestDatabase;
  let a: Node;
  let b: Node;
  beforeAll(async () => {
    // SQLite: two connections to one file, as two processes on one host would have.
    tdb = engine === "postgres" ? await testDatabase(engine) : { url: `sqlite://./.tmp/iam-cache-${process.pid}.db`, drop: async () => {} };
    a = await node(tdb.url, true);
    b = await node(tdb.url, false);
  });
  afterAll(async () => {
    await a?.system.close();
    await b?.system.close();
    await tdb?.drop();
    if (engine === "sqlite") for (const end of ["", "-wal", "-shm"]) await Bun.file(`./.tmp/iam-cache-${process.pid}.db${end}`).delete().catch(() => {});
  });

  it("authenticates in one statement and lists users in two round trips", async () => {
    const token = await login(b, "admin");
    await b.req("GET", "/users?page_size=5", token);
    const before = b.statements();
    expect((await b.req("GET", "/auth/sessions", token)).status).toBe(200);
    // the session statement, then the route's own list
    expect(b.statements() - before).toBe(2);
    const listed = b.statements();
    expect((await b.req("GET", "/users?page_size=5", token)).status).toBe(200);
    // session + page with its role ids (PostgreSQL: total as a window count; SQLite: a count, no round trip there)
    expect(b.statements() - listed).toBe(engine === "postgres" ? 2 : 3);
  });

  it("applies a role change, a disabled user and an ended session made by one process on the other's next request", async () => {
    const admin = await login(a, "admin");
    const roles = (await a.req("GET", "/roles", admin)).body.data as Array<{ id: string; code: string; permissions: string[] }>;
    const specialist = roles.find((r) => r.code === "ops_specialist")!;
    const lina = await login(b, "lina");
    expect((await b.req("GET", "/users", lina)).status).toBe(200);

    await a.req("PUT", `/roles/${specialist.id}`, admin, { permissions: specialist.permissions.filter((c) => c !== "iam:user:list") });
    expect((await b.req("GET", "/users", lina)).status).toBe(403);
    await a.req("PUT", `/roles/${specialist.id}`, admin, { permissions: specialist.permissions });
    expect((await b.req("GET", "/users", lina)).status).toBe(200);

    await a.req("PUT", "/settings/security", admin, { idle_timeout_minutes: 45 });
    expect((await b.req("GET", "/settings/security", await login(b, "admin"))).body.data.idle_timeout_minutes).toBe(45);

    const wangfang = await login(b, "wangfang");
    const users = (await a.req("GET", "/users?q=wangfang", admin)).body.data.items as Array<{ id: string }>;
    await a.req("PUT", `/users/${users[0]!.id}`, admin, { status: "disabled" });
    expect((await b.req("GET", "/auth/me", wangfang)).status).toBe(401);

    const sessions = (await a.req("GET", "/auth/online-sessions?q=lina", admin)).body.data.items as Array<{ id: string }>;
    await a.req("DELETE", `/auth/online-sessions/${sessions[0]!.id}`, admin);
    expect((await b.req("GET", "/auth/me", lina)).status).toBe(401);
  });
});
