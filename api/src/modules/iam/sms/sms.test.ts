import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { startFakeSms, type FakeSms } from "../../../../../scripts/fakes/sms.ts";
import { api, loginLogs, signIn, tokensOf, PASSWORD } from "../auth-testkit.ts";

/** The code of the latest SMS the stand-in got for this number. */
function codeIn(sms: FakeSms, to: string): string {
  const last = [...sms.sms.items].reverse().find((m) => m.to === to);
  const code = last?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code sent to ${to}`);
  return code;
}

describe.each(ENGINES)("SMS codes on %s", (engine) => {
  let s: TestSystem;
  let sms: FakeSms;
  const post = (path: string, body: unknown, token?: string, ip = "203.0.113.7") =>
    api(s, "POST", path, token, body, { "x-forwarded-for": ip });

  beforeAll(async () => {
    sms = startFakeSms();
    s = await createTestSystem({ engine, env: { OPS_SMS_URL: sms.url, OPS_TRUST_PROXY: "1" } });
  });
  afterAll(async () => {
    await s?.close();
    await sms?.close();
  });

  it("signs in by phone with a single-use code that expires; wrong codes count towards the lockout", async () => {
    const sent = await post("/auth/sms/send", { phone: "138 0000 0004" });
    expect(sent.status).toBe(200);
    expect(sent.body.data).toEqual({ sent: true, phone: "138****0004", expires_in: 300 });
    await sms.sms.waitFor(1);
    const code = codeIn(sms, "13800000004");
    expect(sms.sms.items.at(-1)!.text).toContain("【OPS】您的登录验证码是");
    const wrong = await post("/auth/sms/login", { phone: "13800000004", code: code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.reason).toBe("iam.sms_invalid_code");
    const ok = await post("/auth/sms/login", { phone: "13800000004", code });
    expect(ok.status).toBe(200);
    expect((await api(s, "GET", "/auth/me", ok.body.data.access_token)).body.data.username).toBe("liuyang");
    const replay = await post("/auth/sms/login", { phone: "13800000004", code });
    expect(replay.status).toBe(401);
    const logs = (await loginLogs(s, "liuyang")).slice(0, 3).map((l) => `${l.provider}:${l.success}:${l.reason}`);
    expect(logs).toEqual(["sms:false:sms_failed", "sms:true:null", "sms:false:sms_failed"]);
    // an expired code is refused the same way
    await post("/auth/sms/send", { phone: "13800000004" }, undefined, "203.0.113.8");
    await sms.sms.waitFor(2);
    const late = codeIn(sms, "13800000004");
    s.clock.advance(5 * 60_000 + 1);
    expect((await post("/auth/sms/login", { phone: "13800000004", code: late })).status).toBe(401);
  });

  it("answers a number no account has exactly like one it has, and sends nothing", async () => {
    const before = sms.sms.items.length;
    const unknown = await post("/auth/sms/send", { phone: "13999999999" }, undefined, "203.0.113.9");
    expect(unknown.status).toBe(200);
    expect(unknown.body.data).toEqual({ sent: true, phone: "139****9999", expires_in: 300 });
    expect(sms.sms.items.length).toBe(before);
    const bad = await post("/auth/sms/send", { phone: "call me" }, undefined, "203.0.113.9");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: "phone", message: "请输入正确的手机号" });
    const codeFormat = await post("/auth/sms/login", { phone: "13800000004", code: "12ab" }, undefined, "203.0.113.9");
    expect(codeFormat.body.errors[0]).toMatchObject({ field: "code", message: "验证码为 6 位数字" });
  });

  it("refuses a sixth code request for one phone within a minute (429), whatever the address", async () => {
    const phone = "13800000003";
    for (let i = 0; i < 5; i++) expect((await post("/auth/sms/send", { phone }, undefined, `198.51.100.${i}`)).status).toBe(200);
    const sixth = await post("/auth/sms/send", { phone }, undefined, "198.51.100.99");
    expect(sixth.status).toBe(429);
    expect(sixth.body.reason).toBe("iam.sms_rate_limited");
    expect(sixth.headers.get("retry-after")).toBeTruthy();
    s.clock.advance(60_000);
    expect((await post("/auth/sms/send", { phone }, undefined, "198.51.100.99")).status).toBe(200);
  });

  it("lets a role's MFA demand be met by SMS: set up with a proved phone, then each sign-in takes an SMS code", async () => {
    await s.system.db.run("UPDATE roles SET mfa_required = 1 WHERE code = 'ops_manager'");
    const t = await tokensOf(s, "zhangwei");
    expect(t.mfa_setup_required).toBe(true);
    const setup = await post("/auth/mfa/sms/setup", {}, t.access_token, "192.0.2.1");
    expect(setup.status).toBe(200);
    expect(setup.body.data.phone).toBe("138****0001");
    await sms.sms.waitFor(1);
    const wrong = await post("/auth/mfa/sms/enable", { code: "999999" === codeIn(sms, "13800000001") ? "888888" : "999999" }, t.access_token, "192.0.2.1");
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe("code");
    const on = await post("/auth/mfa/sms/enable", { code: codeIn(sms, "13800000001") }, t.access_token, "192.0.2.1");
    expect(on.status).toBe(200);
    expect(on.body.data.tokens).toMatchObject({ mfa_setup_required: false });
    expect((await api(s, "GET", "/auth/me", on.body.data.tokens.access_token)).body.data.mfa_enabled).toBe(true);

    const first = await signIn(s, "zhangwei");
    expect(first.body.data).toEqual({ mfa_required: true, mfa_token: expect.any(String) });
    const ask = await post("/auth/mfa/sms/send", { mfa_token: first.body.data.mfa_token }, undefined, "192.0.2.2");
    expect(ask.status).toBe(200);
    const code = codeIn(sms, "13800000001");
    expect(sms.sms.items.at(-1)!.text).toContain("两步验证验证码");
    const verified = await post("/auth/mfa/verify", { mfa_token: first.body.data.mfa_token, sms_code: code }, undefined, "192.0.2.2");
    expect(verified.status).toBe(200);
    expect(verified.body.data).toMatchObject({ token_type: "Bearer", mfa_setup_required: false });
    expect((await loginLogs(s, "zhangwei"))[0]).toMatchObject({ success: true, reason: "sms_code" });
    // the same code does not pass twice; a TOTP field with it is not an SMS answer
    const again = await signIn(s, "zhangwei");
    expect((await post("/auth/mfa/verify", { mfa_token: again.body.data.mfa_token, sms_code: code }, undefined, "192.0.2.2")).status).toBe(401);
    // SMS cannot be both steps: this account's phone is its second factor
    await post("/auth/sms/send", { phone: "13800000001" }, undefined, "192.0.2.3");
    const bySms = await post("/auth/sms/login", { phone: "13800000001", code: codeIn(sms, "13800000001") }, undefined, "192.0.2.3");
    expect(bySms.status).toBe(403);
    expect(bySms.body.reason).toBe("iam.sms_login_needs_password");
    // and it cannot be turned off while the role demands MFA and no authenticator is bound
    const off = await post("/auth/mfa/sms/disable", { password: PASSWORD }, verified.body.data.access_token, "192.0.2.2");
    expect(off.status).toBe(403);
    expect(off.body.reason).toBe("iam.mfa_required_by_role");
    await s.system.db.run("UPDATE roles SET mfa_required = 0 WHERE code = 'ops_manager'");
  });

  it("audits the factor's changes without the code", async () => {
    const rows = await s.system.db.all<{ action: string; after_data: string | null }>(
      "SELECT action, after_data FROM audit_logs WHERE action LIKE 'auth.mfa.sms.%' OR action LIKE 'auth.sms.%' ORDER BY seq",
    );
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(["auth.sms.send", "auth.sms.login", "auth.mfa.sms.setup", "auth.mfa.sms.enable"]));
    const codes = sms.sms.items.map((m) => m.text.match(/\d{6}/)?.[0]).filter(Boolean) as string[];
    for (const r of rows) for (const c of codes) expect(r.after_data ?? "").not.toContain(c);
  });
});

describe("SMS codes without an SMS provider", () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({ engine: "sqlite" });
  });
  afterAll(() => s?.close());

  it("says SMS is unavailable when asked to set up the factor, and never pretends to send", async () => {
    const t = await tokensOf(s, "lina");
    const setup = await api(s, "POST", "/auth/mfa/sms/setup", t.access_token);
    expect(setup.status).toBe(400);
    expect(setup.body.reason).toBe("iam.sms_unavailable");
    expect((await s.system.db.all("SELECT id FROM sms_codes")).length).toBe(0);
  });
});
