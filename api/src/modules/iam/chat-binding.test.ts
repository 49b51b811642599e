import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";

describe.each(ENGINES)("chat identity binding on %s", (engine) => {
  let s: TestSystem;
  let lina: string;
  let admin: string;
  const asChat = (platform: string, user: string, key?: string) => ({
    authorization: `Bot ${key ?? s.system.botKey}`,
    "x-ops-chat-platform": platform,
    "x-ops-chat-user": user,
  });

  beforeAll(async () => {
    s = await createTestSystem({ engine });
    lina = await s.login("lina");
    admin = await s.login("admin");
  });
  afterAll(() => s.close());

  it("refuses a wrong bot key, a user token on bot routes, and unbound accounts elsewhere", async () => {
    const wrong = await s.req("POST", "/api/v1/im/bind-requests", { headers: asChat("feishu", "ou_1", "x".repeat(64)), body: {} });
    expect(wrong.status).toBe(401);
    const userToken = await s.req("POST", "/api/v1/im/bind-requests", { token: lina, body: {} });
    expect(userToken).toMatchObject({ status: 401, body: { reason: "auth.bot_only" } });
    const unbound = await s.req("GET", "/api/v1/auth/me", { headers: asChat("feishu", "ou_1") });
    expect(unbound).toMatchObject({ status: 401, body: { reason: "im.unbound" } });
    const noUser = await s.req("POST", "/api/v1/im/bind-requests", { headers: { authorization: `Bot ${s.system.botKey}` }, body: {} });
    expect(noUser.status).toBe(400);
  });

  it("binds through a one-time code, then chat requests act as that user with the same RBAC and audit", async () => {
    const asked = await s.req("POST", "/api/v1/im/bind-requests", { headers: asChat("feishu", "ou_lina"), body: { name: "李娜" } });
    expect(asked.status).toBe(201);
    const code = asked.body.data.code as string;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const bound = await s.req("POST", "/api/v1/im/bindings", { token: lina, body: { code: code.toLowerCase().replace("-", " ") } });
    expect(bound.status).toBe(200);
    expect(bound.body.data).toMatchObject({ platform: "feishu", external_user_id: "ou_lina", name: "李娜" });
    expect((await s.req("POST", "/api/v1/im/bindings", { token: admin, body: { code } })).status).toBe(400);

    const me = await s.req("GET", "/api/v1/auth/me", { headers: { ...asChat("feishu", "ou_lina"), "x-request-id": "req-chat-me-01" } });
    expect(me.body.data).toMatchObject({ username: "lina" });
    const denied = await s.req("POST", "/api/v1/users", { headers: { ...asChat("feishu", "ou_lina"), "x-request-id": "req-chat-deny1" }, body: { username: "x" } });
    expect(denied).toMatchObject({ status: 403, body: { reason: "auth.forbidden" } });
    const audit = await s.req("GET", "/api/v1/audit/logs?request_id=req-chat-deny1", { token: admin });
    expect(audit.body.data.items[0]).toMatchObject({ actor_name: "lina", via: "feishu", status: 403 });
    const listed = await s.req("GET", "/api/v1/im/bindings", { token: lina });
    expect(listed.body.data).toHaveLength(1);
  });

  it("refuses an expired code and an account bound to someone else", async () => {
    const first = await s.req("POST", "/api/v1/im/bind-requests", { headers: asChat("slack", "T1:U9"), body: {} });
    s.clock.advance(11 * 60_000);
    const late = await s.req("POST", "/api/v1/im/bindings", { token: admin, body: { code: first.body.data.code } });
    expect(late).toMatchObject({ status: 400, body: { reason: "im.bind_code_invalid" } });
    const again = await s.req("POST", "/api/v1/im/bind-requests", { headers: asChat("feishu", "ou_lina"), body: {} });
    const stolen = await s.req("POST", "/api/v1/im/bindings", { token: admin, body: { code: again.body.data.code } });
    expect(stolen).toMatchObject({ status: 409, body: { reason: "im.already_bound" } });
  });

  it("unbinds: the chat account is unbound again at once", async () => {
    lina = await s.login("lina");
    const [b] = (await s.req("GET", "/api/v1/im/bindings", { token: lina })).body.data;
    expect((await s.req("DELETE", `/api/v1/im/bindings/${b.id}`, { token: admin })).status).toBe(404);
    expect((await s.req("DELETE", `/api/v1/im/bindings/${b.id}`, { token: lina })).status).toBe(200);
    expect((await s.req("GET", "/api/v1/auth/me", { headers: asChat("feishu", "ou_lina") })).body.reason).toBe("im.unbound");
  });
});
