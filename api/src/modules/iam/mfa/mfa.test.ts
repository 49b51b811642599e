import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { api, loginLogs, signIn, tokensOf, totpCode } from "../auth-testkit.ts";

const STEP = 30_000;

describe.each(ENGINES)("MFA (TOTP) on %s", (engine) => {
  let s: TestSystem;
  let linaSecret = "";
  const verify = (body: Record<string, unknown>) => api(s, "POST", "/auth/mfa/verify", undefined, body);

  /** Binds an authenticator for the user; returns its secret and recovery codes. */
  async function bind(token: string) {
    const setup = await api(s, "POST", "/auth/mfa/totp/setup", token);
    expect(setup.status).toBe(200);
    const secret = setup.body.data.secret as string;
    const enabled = await api(s, "POST", "/auth/mfa/totp/enable", token, { code: totpCode(secret, s) });
    expect(enabled.status).toBe(200);
    s.clock.advance(STEP); // the enabling code's step is spent
    return { secret, codes: enabled.body.data.recovery_codes as string[], enabled: enabled.body.data };
  }

  beforeAll(async () => {
    s = await createTestSystem({ engine });
  });
  afterAll(() => s.close());

  it("sets up with an otpauth URI and QR code, stores the secret encrypted, enables only with a valid code", async () => {
    const t = await tokensOf(s, "lina");
    const setup = await api(s, "POST", "/auth/mfa/totp/setup", t.access_token);
    expect(setup.body.data.otpauth_url).toMatch(/^otpauth:\/\/totp\/OPS:lina\?.*secret=[A-Z2-7]+/);
    expect(setup.body.data.qr_data_url).toMatch(/^data:image\/png;base64,/);
    const row = await s.system.db.get<{ mfa_pending_secret: string; mfa_enabled: number }>("SELECT mfa_pending_secret, mfa_enabled FROM users WHERE username = 'lina'");
    expect(row!.mfa_pending_secret).toMatch(/^v1\./);
    expect(row!.mfa_pending_secret).not.toContain(setup.body.data.secret);
    const wrong = await api(s, "POST", "/auth/mfa/totp/enable", t.access_token, { code: totpCode(setup.body.data.secret, s, 5) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: "code", message: "验证码错误或已使用" }]);
    linaSecret = setup.body.data.secret;
    const ok = await api(s, "POST", "/auth/mfa/totp/enable", t.access_token, { code: totpCode(linaSecret, s, -1) });
    expect(ok.status).toBe(200);
    expect(ok.body.data.recovery_codes).toHaveLength(10);
    expect(new Set(ok.body.data.recovery_codes).size).toBe(10);
    expect(ok.body.data.tokens).toBeUndefined();
    const hashes = await s.system.db.all<{ code_hash: string }>("SELECT code_hash FROM mfa_recovery_codes mrc JOIN users u ON u.id = mrc.user_id WHERE u.username = 'lina'");
    expect(hashes).toHaveLength(10);
    expect(hashes.map((h) => h.code_hash)).not.toContain(ok.body.data.recovery_codes[0]);
    expect((await api(s, "GET", "/auth/me", t.access_token)).body.data.mfa_enabled).toBe(true);
    expect((await api(s, "POST", "/auth/mfa/totp/setup", t.access_token)).status).toBe(409);
    const audit = await s.system.db.all<{ before_data: string; after_data: string }>("SELECT before_data, after_data FROM audit_logs WHERE action LIKE 'auth.mfa.%'");
    expect(JSON.stringify(audit)).not.toContain(setup.body.data.secret);
  });

  it("asks an MFA user for a second factor: no tokens until a valid code, and no replay of a code", async () => {
    const t = await tokensOf(s, "zhangwei");
    const { secret } = await bind(t.access_token);
    const first = await signIn(s, "zhangwei");
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ mfa_required: true, mfa_token: expect.any(String) });
    const wrong = await verify({ mfa_token: first.body.data.mfa_token, code: totpCode(secret, s, 3) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.reason).toBe("iam.mfa_invalid_code");
    const code = totpCode(secret, s);
    const ok = await verify({ mfa_token: first.body.data.mfa_token, code });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ token_type: "Bearer", password_change_required: false });
    expect((await api(s, "GET", "/auth/me", ok.body.data.access_token)).status).toBe(200);
    const again = await signIn(s, "zhangwei");
    expect((await verify({ mfa_token: again.body.data.mfa_token, code })).status).toBe(401);
    const reasons = (await loginLogs(s, "zhangwei")).map((l) => `${l.success}:${l.reason}`);
    expect(reasons.slice(0, 3)).toEqual(["false:mfa_failed", "true:null", "false:mfa_failed"]);
    // the challenge token is short-lived
    s.clock.advance(6 * 60_000);
    expect((await verify({ mfa_token: again.body.data.mfa_token, code: totpCode(secret, s) })).body.reason).toBe("auth.token_invalid");
    expect((await verify({ mfa_token: again.body.data.mfa_token })).body.errors).toEqual([{ field: "code", message: "请填写验证码或恢复码（二选一）" }]);
  });

  it("accepts each recovery code once; new codes (password required) replace the old", async () => {
    const t = await tokensOf(s, "liuyang");
    const { codes } = await bind(t.access_token);
    const challenge = async () => (await signIn(s, "liuyang")).body.data.mfa_token as string;
    const used = await verify({ mfa_token: await challenge(), recovery_code: codes[0]!.toUpperCase() });
    expect(used.status).toBe(200);
    expect((await loginLogs(s, "liuyang"))[0]).toMatchObject({ success: true, reason: "recovery_code" });
    expect((await verify({ mfa_token: await challenge(), recovery_code: codes[0] })).status).toBe(401);
    const token = used.body.data.access_token as string;
    const refused = await api(s, "POST", "/auth/mfa/recovery-codes", token, { password: "Wrong#Pass1" });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: "password", message: "密码错误" }]);
    const fresh = await api(s, "POST", "/auth/mfa/recovery-codes", token, { password: "Ops@demo2026" });
    expect(fresh.body.data.recovery_codes).toHaveLength(10);
    expect((await verify({ mfa_token: await challenge(), recovery_code: codes[1] })).status).toBe(401);
    expect((await verify({ mfa_token: await challenge(), recovery_code: fresh.body.data.recovery_codes[0] })).status).toBe(200);
  });

  it("counts wrong codes towards the lockout; the lock is answered before the rate limit", async () => {
    const t = await tokensOf(s, "chenjing");
    const { secret } = await bind(t.access_token);
    const mfaToken = (await signIn(s, "chenjing")).body.data.mfa_token as string;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await verify({ mfa_token: mfaToken, code: "000000" })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    for (let i = 0; i < 10; i++) expect((await verify({ mfa_token: mfaToken, code: totpCode(secret, s) })).status).toBe(423);
    expect((await signIn(s, "chenjing")).status).toBe(423);
  });

  it("disables with the password; then sign-in needs no second factor", async () => {
    const challenge = (await signIn(s, "lina")).body.data;
    expect(challenge.mfa_required).toBe(true);
    s.clock.advance(STEP);
    const signed = await verify({ mfa_token: challenge.mfa_token, code: totpCode(linaSecret, s) });
    const token = signed.body.data.access_token as string;
    expect((await api(s, "POST", "/auth/mfa/disable", token, { password: "Wrong#Pass1" })).status).toBe(400);
    const off = await api(s, "POST", "/auth/mfa/disable", token, { password: "Ops@demo2026" });
    expect(off.status).toBe(200);
    expect((await api(s, "GET", "/auth/me", token)).body.data.mfa_enabled).toBe(false);
    expect((await signIn(s, "lina")).body.data.access_token).toBeDefined();
    const left = await s.system.db.get("SELECT id FROM mfa_recovery_codes WHERE user_id = (SELECT id FROM users WHERE username = 'lina')");
    expect(left).toBeUndefined();
  });

  describe("required by role", () => {
    it("gives an unbound user a token restricted to MFA setup; enabling returns unrestricted tokens", async () => {
      await s.system.db.run("UPDATE roles SET mfa_required = 1 WHERE code = 'ops_specialist'");
      const t = await tokensOf(s, "wangfang");
      expect(t).toMatchObject({ mfa_setup_required: true, password_change_required: false });
      expect((await loginLogs(s, "wangfang"))[0]).toMatchObject({ success: true, reason: "mfa_setup_required" });
      const refused = await api(s, "GET", "/auth/sessions", t.access_token);
      expect(refused.status).toBe(403);
      expect(refused.body.reason).toBe("auth.mfa_setup_required");
      expect((await api(s, "GET", "/auth/me", t.access_token)).body.data.restricted).toBe("mfa_setup");
      const { enabled, secret } = await bind(t.access_token);
      expect(enabled.tokens).toMatchObject({ session_id: t.session_id, mfa_setup_required: false });
      expect((await api(s, "GET", "/auth/sessions", enabled.tokens.access_token)).status).toBe(200);
      const disable = await api(s, "POST", "/auth/mfa/disable", enabled.tokens.access_token, { password: "Ops@demo2026" });
      expect(disable.status).toBe(403);
      expect(disable.body.reason).toBe("iam.mfa_required_by_role");
      // next sign-in: challenged, then unrestricted
      const mfaToken = (await signIn(s, "wangfang")).body.data.mfa_token;
      const ok = await verify({ mfa_token: mfaToken, code: totpCode(secret, s) });
      expect(ok.body.data.mfa_setup_required).toBe(false);
      const logout = await api(s, "POST", "/auth/logout", t.access_token);
      expect(logout.status).toBe(200);
    });
  });
});
