import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSystem } from "../testing/harness.ts";
import { ADMIN_PASSWORD, DEMO_PASSWORD } from "../testing/harness.ts";
import { SHARING_MODES, systemPair, type Pair } from "./pair.ts";

/**
 * Sign-in state across processes: what process A revokes, disables or takes away is refused or applied on the very
 * next request process B serves (sessions, users and grants are read per request; the role table is cached per
 * process under versions bumped in the same transaction: iam/settings/iam-cache.ts), and sign-in limits count the
 * attempts both processes took.
 */
async function tokens(s: TestSystem, username: string, headers: Record<string, string> = {}) {
  const r = await s.req("POST", "/api/v1/auth/login", { headers, body: { username, password: username === "admin" ? ADMIN_PASSWORD : DEMO_PASSWORD } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data as { access_token: string; refresh_token: string; session_id: string };
}

describe.each(SHARING_MODES)("IAM across processes (PostgreSQL, %s)", (mode) => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await systemPair(mode);
  });
  afterAll(async () => pair?.close());

  it("a session ended, a user disabled, a permission removed and an API token revoked through A apply on B's next request", async () => {
    const { a, b } = pair;
    const admin = (await tokens(a, "admin")).access_token;
    const me = (s: TestSystem, token: string) => s.req("GET", "/api/v1/auth/me", { token }).then((r) => r.status);

    // the user ends their own session on A: B refuses its access token and its refresh token
    const lina = await tokens(b, "lina");
    expect(await me(b, lina.access_token)).toBe(200);
    expect((await a.req("DELETE", `/api/v1/auth/sessions/${lina.session_id}`, { token: lina.access_token })).status).toBe(200);
    expect(await me(b, lina.access_token)).toBe(401);
    expect((await b.req("POST", "/api/v1/auth/refresh", { body: { refresh_token: lina.refresh_token } })).status).toBe(401);

    // a role loses a permission on A: B answers 403 at once, and 200 again once it is back
    const roles = (await a.req("GET", "/api/v1/roles", { token: admin })).body.data as Array<{ id: string; code: string; permissions: string[] }>;
    const specialist = roles.find((r) => r.code === "ops_specialist")!;
    const lina2 = (await tokens(b, "lina")).access_token;
    expect((await b.req("GET", "/api/v1/users", { token: lina2 })).status).toBe(200);
    const without = specialist.permissions.filter((c) => c !== "iam:user:list");
    expect((await a.req("PUT", `/api/v1/roles/${specialist.id}`, { token: admin, body: { permissions: without } })).status).toBe(200);
    expect((await b.req("GET", "/api/v1/users", { token: lina2 })).status).toBe(403);
    expect((await a.req("PUT", `/api/v1/roles/${specialist.id}`, { token: admin, body: { permissions: specialist.permissions } })).status).toBe(200);
    expect((await b.req("GET", "/api/v1/users", { token: lina2 })).status).toBe(200);

    // a user disabled on A: B refuses their live token
    const wangfang = (await tokens(b, "wangfang")).access_token;
    const found = (await a.req("GET", "/api/v1/users?q=wangfang", { token: admin })).body.data.items as Array<{ id: string }>;
    expect((await a.req("PUT", `/api/v1/users/${found[0]!.id}`, { token: admin, body: { status: "disabled" } })).status).toBe(200);
    expect(await me(b, wangfang)).toBe(401);

    // an API token revoked on A: B refuses it
    const created = (await a.req("POST", "/api/v1/api-tokens", { token: admin, body: { name: `cross-${mode}`, scopes: ["jobs:view"] } })).body.data as { id: string; token: string };
    expect((await b.req("GET", "/api/v1/jobs", { token: created.token })).status).toBe(200);
    expect((await a.req("DELETE", `/api/v1/api-tokens/${created.id}`, { token: admin })).status).toBe(200);
    expect((await b.req("GET", "/api/v1/jobs", { token: created.token })).status).toBe(401);
  });

  it("locks an unknown name after as many wrong passwords over both processes as a real account", async () => {
    const { a, b } = pair;
    // the default policy locks after 5 failures; each try from its own address, so no address limit interferes
    const tries = async (username: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const s = i % 2 ? b : a;
        const headers = { "x-forwarded-for": `10.8.${SHARING_MODES.indexOf(mode)}.${i + 1}` };
        statuses.push((await s.req("POST", "/api/v1/auth/login", { headers, body: { username, password: "wrong-Password1" } })).status);
      }
      return statuses;
    };
    const real = await tries("chenjing");
    const ghost = await tries(`ghost-${mode}`);
    expect(real).toEqual([401, 401, 401, 401, 423, 423]);
    expect(ghost).toEqual(real);
  });

  it("counts sign-in attempts from one address on both processes against one limit", async () => {
    const { a, b } = pair;
    const from = { "x-forwarded-for": `10.9.${SHARING_MODES.indexOf(mode)}.7` };
    const statuses: number[] = [];
    // the default policy allows 20 sign-ins per address per minute; unknown names, so no account locks first
    for (let i = 0; i < 21; i++) {
      const s = i % 2 ? b : a;
      statuses.push((await s.req("POST", "/api/v1/auth/login", { headers: from, body: { username: `nobody${i}`, password: "wrong-Password1" } })).status);
    }
    expect(statuses.slice(0, 20).every((st) => st === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  // last in the file: it moves the pair's clock
  it("a session kept alive through A is not refused as idle by B's copy of its actor, and one truly idle is", async () => {
    const { a, b } = pair;
    const admin = (await tokens(a, "admin")).access_token;
    const security = (await a.req("GET", "/api/v1/settings/security", { token: admin })).body.data as Record<string, unknown>;
    expect((await a.req("PUT", "/api/v1/settings/security", { token: admin, body: { ...security, idle_timeout_minutes: 5 } })).status).toBe(200);
    const me = (s: TestSystem, token: string) => s.req("GET", "/api/v1/auth/me", { token }).then((r) => r.status);
    const lina = (await tokens(b, "lina")).access_token;
    // B now answers lina from its copy, which holds the session's last-seen time of now
    expect(await me(b, lina)).toBe(200);
    a.clock.advance(4 * 60_000);
    expect(await me(a, lina)).toBe(200); // A writes the new last-seen time
    a.clock.advance(2 * 60_000);
    // six minutes after B's copy last saw it, two after A did: B reads the session again and serves it
    expect(await me(b, lina)).toBe(200);
    a.clock.advance(6 * 60_000);
    expect(await me(b, lina)).toBe(401);
    expect((await a.req("PUT", "/api/v1/settings/security", { token: (await tokens(a, "admin")).access_token, body: security })).status).toBe(200);
  });
});
