import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";

describe.each(ENGINES)("API tokens through HTTP (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  const bearer = (token: string) => ({ token });
  const count = async () => Number((await s.system.db.get<{ c: number }>("SELECT COUNT(*) AS c FROM api_tokens"))!.c);
  async function issue(body: Record<string, unknown>) {
    const r = await s.req("POST", "/api/v1/api-tokens", { token: admin, body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.data as { id: string; name: string; token: string; scopes: string[]; last_used_at: string | null };
  }

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    admin = await s.login("admin");
  });
  afterAll(() => s?.close());

  it("refuses write, unknown and unheld scopes at scopes.<i> with nothing stored; needs iam:token:manage", async () => {
    const write = await s.req("POST", "/api/v1/api-tokens", { token: admin, body: { name: "w", scopes: ["jobs:view", "jobs:manage"] } });
    expect(write.status).toBe(422);
    expect(write.body.errors).toEqual([{ field: "scopes.1", message: "只能授予只读权限（*:view、*:list、config:read:<表名>、config:read:*）" }]);
    const unknown = await s.req("POST", "/api/v1/api-tokens", { token: admin, body: { name: "u", scopes: ["nope:view"], expires_at: "2000-01-01T00:00:00Z" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(["scopes.0", "expires_at"]);
    const menu = await s.req("POST", "/api/v1/api-tokens", { token: admin, body: { name: "m", scopes: ["menu:jobs"] } });
    expect(menu.status).toBe(422);
    expect((await s.req("POST", "/api/v1/api-tokens", { token: await s.login("lina"), body: { name: "x", scopes: ["jobs:view"] } })).status).toBe(403);
    expect(await count()).toBe(0);
  });

  it("a token reads only routes whose permission is in its scopes, GET/HEAD only; shown once, stored hashed; audited as token:<name>", async () => {
    const t = await issue({ name: "erp-reader", scopes: ["jobs:view", "config:read:rates"], labels: ["canary"] });
    expect(t.token).toMatch(/^opst_[A-Za-z0-9_-]{43,}$/);
    const stored = await s.system.db.get<{ token_hash: string }>("SELECT token_hash FROM api_tokens WHERE id = ?", [t.id]);
    expect(stored!.token_hash).not.toContain(t.token.slice(5));
    const listed = await s.req("GET", "/api/v1/api-tokens", { token: admin });
    expect(listed.body.data.items).toMatchObject([{ id: t.id, name: "erp-reader", scopes: ["jobs:view", "config:read:rates"], labels: ["canary"], revoked_at: null }]);
    expect(JSON.stringify(listed.body)).not.toContain(t.token);

    expect((await s.req("GET", "/api/v1/jobs", bearer(t.token))).status).toBe(200);
    expect((await s.req("HEAD", "/api/v1/jobs", bearer(t.token))).status).toBe(200);
    const users = await s.req("GET", "/api/v1/users", bearer(t.token));
    expect(users.status).toBe(403);
    expect((await s.req("GET", "/api/v1/audit/logs", bearer(t.token))).status).toBe(403);
    // "any signed-in user" routes are outside every token's scope
    const me = await s.req("GET", "/api/v1/auth/me", bearer(t.token));
    expect([me.status, me.body.reason]).toEqual([403, "auth.token_scope"]);
    for (const [method, path] of [["POST", "/api/v1/jobs"], ["DELETE", "/api/v1/api-tokens/" + t.id], ["PUT", "/api/v1/auth/me"]] as const) {
      const r = await s.req(method, path, { token: t.token, body: {} });
      expect([r.status, r.body.reason], `${method} ${path}`).toEqual([403, "auth.token_read_only"]);
    }
    expect((await s.req("GET", "/api/v1/jobs", bearer("opst_forged"))).status).toBe(401);

    const exp = await s.req("GET", "/api/v1/jobs/export", bearer(t.token));
    expect(exp.status).toBe(200);
    const row = await s.system.db.get<{ actor_kind: string; actor_name: string; actor_id: string; via: string }>(
      "SELECT actor_kind, actor_name, actor_id, via FROM audit_logs WHERE action = 'export' AND module = 'jobs' ORDER BY ts DESC LIMIT 1",
    );
    expect(row).toEqual({ actor_kind: "token", actor_name: "token:erp-reader", actor_id: t.id, via: "api" });
    const created = await s.system.db.get<{ actor_name: string }>("SELECT actor_name FROM audit_logs WHERE module = 'iam' AND action = 'token.create' AND resource_id = ?", [t.id]);
    expect(created?.actor_name).toBe("admin");
  });

  it("last_used_at is written at most once a minute per token", async () => {
    const t = await issue({ name: "touch", scopes: ["jobs:view"] });
    const lastUsed = async () => (await s.system.db.get<{ last_used_at: string | null }>("SELECT last_used_at FROM api_tokens WHERE id = ?", [t.id]))!.last_used_at;
    await s.req("GET", "/api/v1/jobs", bearer(t.token));
    const first = await lastUsed();
    expect(first).toBe(s.clock.now().toISOString());
    s.clock.advance(30_000);
    await s.req("GET", "/api/v1/jobs", bearer(t.token));
    expect(await lastUsed()).toBe(first);
    s.clock.advance(31_000);
    await s.req("GET", "/api/v1/jobs", bearer(t.token));
    expect(await lastUsed()).toBe(s.clock.now().toISOString());
  });

  it("revoke: 401 on the very next request; rotate: the old secret stops at once; a live name is unique", async () => {
    const t = await issue({ name: "revoke-me", scopes: ["jobs:view"] });
    expect((await s.req("GET", "/api/v1/jobs", bearer(t.token))).status).toBe(200);
    const dup = await s.req("POST", "/api/v1/api-tokens", { token: admin, body: { name: "revoke-me", scopes: ["jobs:view"] } });
    expect(dup.status).toBe(409);
    const revoked = await s.req("DELETE", `/api/v1/api-tokens/${t.id}`, { token: admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.revoked_at).toBeTruthy();
    const after = await s.req("GET", "/api/v1/jobs", bearer(t.token));
    expect([after.status, after.body.reason]).toEqual([401, "auth.token_revoked"]);
    expect((await s.req("DELETE", `/api/v1/api-tokens/${t.id}`, { token: admin })).status).toBe(409);
    // the name is free again once revoked
    const again = await issue({ name: "revoke-me", scopes: ["jobs:view"] });
    const rotated = await s.req("POST", `/api/v1/api-tokens/${again.id}/rotate`, { token: admin });
    expect(rotated.status).toBe(200);
    expect((await s.req("GET", "/api/v1/jobs", bearer(again.token))).status).toBe(401);
    expect((await s.req("GET", "/api/v1/jobs", bearer(rotated.body.data.token))).status).toBe(200);
  });

  it("expiry follows the clock: 401 once expires_at has passed", async () => {
    const t = await issue({ name: "short", scopes: ["jobs:view"], expires_at: new Date(s.clock.now().getTime() + 3_600_000).toISOString() });
    expect((await s.req("GET", "/api/v1/jobs", bearer(t.token))).status).toBe(200);
    s.clock.advance(3_600_000);
    const r = await s.req("GET", "/api/v1/jobs", bearer(t.token));
    expect([r.status, r.body.reason]).toEqual([401, "auth.token_expired"]);
  });
});
