import { brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../../env.ts";
import { buildSystem, type System } from "../../../system.ts";
import type { Db } from "../../../platform/db/db.ts";
import { createLogger } from "../../../platform/logger.ts";
import type { Clock } from "../../../platform/clock.ts";
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES } from "../../../testing/harness.ts";
import { testDatabase, type TestDatabase } from "../../../testing/databases.ts";

/**
 * Two processes on one store (two systems over one database, each with its own pool and caches):
 * what one changes, the other applies on its very next request; and the authenticated path costs
 * one round trip for the session, user, roles and cache versions.
 */
type Node = {
  system: System; statements: () => number;
  req(method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
};

async function node(url: string, demo: boolean, clock?: Clock): Promise<Node> {
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
  const system = await buildSystem(env, { databaseUrl: url, logger: createLogger("silent"), metricsDefaults: false, wrapDb: counted, ...(clock ? { clock } : {}) });
  return {
    system,
    statements: () => statements,
    async req(method, path, token, body, extra = {}) {
      const headers: Record<string, string> = { ...extra, ...(token ? { authorization: `Bearer ${token}` } : {}) };
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
  // b's clock runs ahead by `ahead` ms when a test moves it (a lock running out)
  let ahead = 0;
  beforeAll(async () => {
    // SQLite: two connections to one file, as two processes on one host would have.
    tdb = engine === "postgres" ? await testDatabase(engine) : { url: `sqlite://./.tmp/iam-cache-${process.pid}.db`, drop: async () => {} };
    a = await node(tdb.url, true);
    b = await node(tdb.url, false, { now: () => new Date(Date.now() + ahead) });
  });
  afterAll(async () => {
    await a?.system.close();
    await b?.system.close();
    await tdb?.drop();
    if (engine === "sqlite") for (const end of ["", "-wal", "-shm"]) await Bun.file(`./.tmp/iam-cache-${process.pid}.db${end}`).delete().catch(() => {});
  });

  it("authenticates in one statement, lists users in two round trips and a repeated page in one", async () => {
    const token = await login(b, "admin");
    await b.req("GET", "/users?page_size=5", token);
    const before = b.statements();
    expect((await b.req("GET", "/auth/sessions", token)).status).toBe(200);
    // the session statement, then the route's own list
    expect(b.statements() - before).toBe(2);
    const counted = async (path: string, headers?: Record<string, string>) => {
      const start = b.statements();
      const r = await b.req("GET", path, token, undefined, headers);
      expect(r.status).toBe(200);
      return { statements: b.statements() - start, data: r.body.data };
    };
    // session + page with its role ids (PostgreSQL: total as a window count; SQLite: a count, no round trip there)
    const full = engine === "postgres" ? 2 : 3;
    const first = await counted("/users?page_size=6");
    expect(first.statements).toBe(full);
    // the same page again: the session statement only, the same answer
    const again = await counted("/users?page_size=6");
    expect(again).toEqual({ statements: 1, data: first.data });
    // a kept page is the same envelope as any answer (this request's timestamp) and is compressed like one
    const res = await b.system.app.request("/api/v1/users?page_size=6", { headers: { authorization: `Bearer ${token}`, "accept-encoding": "br" } });
    expect(res.headers.get("content-encoding")).toBe("br");
    const envelope = JSON.parse(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString());
    expect(Object.keys(envelope)).toEqual(["code", "message", "data", "timestamp"]);
    expect(envelope).toMatchObject({ code: 0, message: "成功", data: first.data });
    expect(Math.abs(envelope.timestamp - Date.now())).toBeLessThan(5_000);
    // anything else in the key is another page: the size, the order, a filter, the names' language
    expect((await counted("/users?page_size=7")).statements).toBe(full);
    expect((await counted("/users?page_size=6&sort=username")).statements).toBe(full);
    expect((await counted("/users?page_size=6&q=li")).statements).toBeGreaterThan(1);
    // a department's subtree: its path comes from the IAM cache, so a kept page costs the session only
    const root = ((await b.req("GET", "/departments", token)).body.data as Array<{ id: string; parent_id: string | null }>).find((d) => d.parent_id === null)!;
    const subtree = `/users?page_size=6&dept_id=${root.id}&include_children=true`;
    expect((await counted(subtree)).data.total).toBe(first.data.total);
    expect((await counted(subtree)).statements).toBe(1);
    // English names: the department codes are read too
    expect((await counted("/users?page_size=6", { "accept-language": "en" })).statements).toBe(full + 1);
    expect((await counted("/users?page_size=6", { "accept-language": "en" })).statements).toBe(1);
    // English names of one user: the department codes come from the versioned cache, not a query per answer
    const id = (first.data.items as Array<{ id: string }>)[0]!.id;
    expect((await counted(`/users/${id}`, { "accept-language": "en" })).statements).toBe((await counted(`/users/${id}`)).statements);
  });

  it("answers a kept list page only while nothing it shows changed, whichever process changed it", async () => {
    const admin = await login(a, "admin");
    const adminB = await login(b, "admin");
    type Listed = { id: string; username: string; display_name: string; dept_id: string; dept_name: string; phone: string | null; locked: boolean; roles: Array<{ code: string; name: string }> };
    const list = async (token: string, query = "page_size=100") => {
      const r = await b.req("GET", `/users?${query}`, token);
      expect(r.status).toBe(200);
      return r.body.data as { total: number; items: Listed[] };
    };
    const user = async (username: string, token = adminB) => (await list(token)).items.find((u) => u.username === username);
    const target = (await user("huangmin"))!;

    // a field, through the API of the other process, then by a hand-made UPDATE (the triggers bump, not the service)
    await a.req("PUT", `/users/${target.id}`, admin, { display_name: "黄敏二" });
    expect((await user("huangmin"))!.display_name).toBe("黄敏二");
    await a.system.db.run("UPDATE users SET display_name = ? WHERE id = ?", ["黄敏三", target.id]);
    expect((await user("huangmin"))!.display_name).toBe("黄敏三");

    // a department's code (English names of built-in departments), changed by hand
    const linaEn = async () =>
      ((await b.req("GET", "/users?page_size=100", adminB, undefined, { "accept-language": "en" })).body.data.items as Listed[]).find((u) => u.username === "lina")!;
    const linaDept = await linaEn();
    expect(linaDept.dept_name).toBe("Operations Team 1");
    await a.system.db.run("UPDATE departments SET code = NULL WHERE id = ?", [linaDept.dept_id]);
    expect((await linaEn()).dept_name).not.toBe("Operations Team 1");

    // role assignment (user_roles), a role renamed (roles), the department renamed (departments)
    const roles = (await a.req("GET", "/roles", admin)).body.data as Array<{ id: string; code: string; permissions: string[]; data_scope: string }>;
    const auditor = roles.find((r) => r.code === "auditor")!;
    await a.req("PUT", `/users/${target.id}`, admin, { role_ids: [auditor.id] });
    expect((await user("huangmin"))!.roles.map((r) => r.code)).toEqual(["auditor"]);
    await a.req("PUT", `/roles/${auditor.id}`, admin, { name: "审计员甲" });
    expect((await user("huangmin"))!.roles.map((r) => r.name)).toEqual(["审计员甲"]);
    await a.req("PUT", `/departments/${target.dept_id}`, admin, { name: "部门甲" });
    expect((await user("huangmin"))!.dept_name).toBe("部门甲");

    // masking and data scope follow the reader's role (role_permissions, roles.data_scope)
    const specialist = roles.find((r) => r.code === "ops_specialist")!;
    const lina = await login(b, "lina");
    const linaBefore = await list(lina);
    const masked = linaBefore.items.find((u) => u.username === "lina")!;
    expect(masked.phone).toContain("*");
    await a.req("PUT", `/roles/${specialist.id}`, admin, { permissions: [...specialist.permissions, "iam:user:unmask"] });
    expect((await user("lina", lina))!.phone).not.toContain("*");
    await a.req("PUT", `/roles/${specialist.id}`, admin, { permissions: specialist.permissions });
    expect((await user("lina", lina))!.phone).toBe(masked.phone);
    await a.req("PUT", `/roles/${specialist.id}`, admin, { data_scope: "ALL" });
    expect((await list(lina)).total).toBeGreaterThan(linaBefore.total);
    await a.req("PUT", `/roles/${specialist.id}`, admin, { data_scope: specialist.data_scope });
    expect((await list(lina)).total).toBe(linaBefore.total);

    // a lock shows while it lasts: the kept page ends when the lock runs out (b's clock moves on)
    const until = new Date(Date.now() + 120_000).toISOString();
    await a.system.db.run("UPDATE users SET locked_until = ? WHERE id = ?", [until, target.id]);
    expect((await user("huangmin"))!.locked).toBe(true);
    expect((await list(adminB, "status=locked")).items.map((u) => u.username)).toContain("huangmin");
    ahead = 180_000;
    try {
      expect((await user("huangmin"))!.locked).toBe(false);
      expect((await list(adminB, "status=locked")).items.map((u) => u.username)).not.toContain("huangmin");
    } finally {
      ahead = 0;
    }

    // a deleted user leaves the list
    await a.req("DELETE", `/users/${target.id}`, admin);
    expect(await user("huangmin")).toBeUndefined();
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
