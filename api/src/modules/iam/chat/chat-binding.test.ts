import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { api, totpCode } from "../auth-testkit.ts";

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
    const stolen = await s.req("POST", "/api/v1/im/bindings", { token: admin, body: { code: again.body.data.code, password: ADMIN_PASSWORD } });
    expect(stolen).toMatchObject({ status: 409, body: { reason: "im.already_bound" } });
  });

  it("unbinds: the chat account is unbound again at once", async () => {
    lina = await s.login("lina");
    const [b] = (await s.req("GET", "/api/v1/im/bindings", { token: lina })).body.data;
    expect((await s.req("DELETE", `/api/v1/im/bindings/${b.id}`, { token: admin })).status).toBe(404);
    expect((await s.req("DELETE", `/api/v1/im/bindings/${b.id}`, { token: lina })).status).toBe(200);
    expect((await s.req("GET", "/api/v1/auth/me", { headers: asChat("feishu", "ou_lina") })).body.reason).toBe("im.unbound");
  });
  it("shows who asks for a code, and wants the password again once the sign-in is older than 5 minutes", async () => {
    const asked = await s.req("POST", "/api/v1/im/bind-requests", {
      headers: asChat("slack", "T0001:U0001"), body: { name: "Wang Fang", workspace_id: "T0001", workspace_name: "Acme Ops", origin: "https://ops.example.test:8443/bot/slack/events?x=1" },
    });
    // No OPS_PUBLIC_URL here: the callback's origin (only scheme, host and port) makes the link; without one, no link.
    expect(asked.body.data.url).toBe(`https://ops.example.test:8443/account/bindings?code=${asked.body.data.code}`);
    const unknown = await s.req("POST", "/api/v1/im/bind-requests", { headers: asChat("slack", "T0001:U0002"), body: { origin: "javascript:alert(1)" } });
    expect(unknown.body.data.url).toBeNull();
    const code = asked.body.data.code as string;
    const wangfang = await s.login("wangfang");
    const seen = await s.req("GET", `/api/v1/im/bind-requests/${code}`, { token: wangfang });
    expect(seen.body.data).toMatchObject({ platform: "slack", external_user_id: "T0001:U0001", name: "Wang Fang", workspace_id: "T0001", workspace_name: "Acme Ops", reauth_required: false });

    s.clock.advance(6 * 60_000);
    expect((await s.req("GET", `/api/v1/im/bind-requests/${code}`, { token: wangfang })).body.data.reauth_required).toBe(true);
    const bare = await s.req("POST", "/api/v1/im/bindings", { token: wangfang, body: { code } });
    expect(bare).toMatchObject({ status: 400, body: { reason: "im.reauth_required", errors: [{ field: "password" }] } });
    const wrong = await s.req("POST", "/api/v1/im/bindings", { token: wangfang, body: { code, password: "not-it" } });
    expect(wrong).toMatchObject({ status: 400, body: { reason: "iam.wrong_password" } });
    const ok = await s.req("POST", "/api/v1/im/bindings", { token: wangfang, body: { code, password: DEMO_PASSWORD } });
    expect(ok.body.data).toMatchObject({ platform: "slack", external_user_id: "T0001:U0001" });
  });

  it("answers 429 once a user has tried 10 codes in 10 minutes, even the right one", async () => {
    const token = await s.login("liuyang");
    for (let i = 0; i < 10; i++) {
      const r = await s.req("POST", "/api/v1/im/bindings", { token, body: { code: `AAAA-AAA${"23456789AB"[i]}` } });
      expect(r.status).toBe(400);
    }
    const good = await s.req("POST", "/api/v1/im/bind-requests", { headers: asChat("dingtalk", "u-limit"), body: {} });
    const refused = await s.req("POST", "/api/v1/im/bindings", { token, body: { code: good.body.data.code } });
    expect(refused).toMatchObject({ status: 429, body: { code: 42901 } });
    s.clock.advance(10 * 60_000 + 1000);
    const fresh = await s.login("liuyang");
    const again = await s.req("POST", "/api/v1/im/bind-requests", { headers: asChat("dingtalk", "u-limit"), body: {} });
    expect((await s.req("POST", "/api/v1/im/bindings", { token: fresh, body: { code: again.body.data.code } })).status).toBe(200);
  });

  it("takes an MFA code instead of the password once the sign-in is old", async () => {
    const token = await s.login("chenjing");
    const setup = await api(s, "POST", "/auth/mfa/totp/setup", token);
    const secret = setup.body.data.secret as string;
    expect((await api(s, "POST", "/auth/mfa/totp/enable", token, { code: totpCode(secret, s) })).status).toBe(200);
    const asked = await s.req("POST", "/api/v1/im/bind-requests", { headers: asChat("feishu", "ou_chen"), body: {} });
    s.clock.advance(6 * 60_000);
    const wrong = await s.req("POST", "/api/v1/im/bindings", { token, body: { code: asked.body.data.code, mfa_code: "000000" } });
    expect(wrong).toMatchObject({ status: 400, body: { reason: "iam.mfa_invalid_code", errors: [{ field: "mfa_code" }] } });
    const ok = await s.req("POST", "/api/v1/im/bindings", { token, body: { code: asked.body.data.code, mfa_code: totpCode(secret, s) } });
    expect(ok.status).toBe(200);
  });
});
