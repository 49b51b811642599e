import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { api, loginLogs, setSecurity, signIn, storeDeps, userIdOf } from "../auth-testkit.ts";
import { unlockUser } from "../auth/index.ts";

const WRONG = "Wrong#Pass1";

describe.each(ENGINES)("sign-in on %s", (engine) => {
  let s: TestSystem;

  beforeAll(async () => {
    s = await createTestSystem({ engine });
  });
  afterAll(() => s.close());

  it("returns tokens and logs the success with address and user agent", async () => {
    const r = await signIn(s, "lina", undefined, { "x-forwarded-for": "10.0.0.7", "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Chrome/130.0" });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ token_type: "Bearer", expires_in: 900, password_change_required: false, mfa_setup_required: false });
    expect(r.body.data.access_token).toMatch(/^ey/);
    expect(r.body.data.refresh_token.length).toBeGreaterThan(30);
    const me = await api(s, "GET", "/auth/me", r.body.data.access_token);
    expect(me.body.data).toMatchObject({ username: "lina", session_id: r.body.data.session_id, restricted: null });
    const [row] = await loginLogs(s, "lina");
    expect(row).toMatchObject({ success: true, ip: "10.0.0.7", session_id: r.body.data.session_id, provider: "password", user_id: me.body.data.id });
    expect(row!.user_agent).toContain("Chrome");
    const audit = await s.system.db.get<{ resource_type: string; resource_id: string; after_data: string }>(
      "SELECT resource_type, resource_id, after_data FROM audit_logs WHERE action = 'auth.login' AND status = 200 AND ip = '10.0.0.7'",
    );
    expect(audit).toMatchObject({ resource_type: "user", resource_id: me.body.data.id });
    expect(JSON.parse(audit!.after_data)).toEqual({ session_id: r.body.data.session_id, provider: "password", restricted: null });
  });

  it("answers a wrong password and an unknown user alike, and logs both", async () => {
    const wrong = await signIn(s, "wangfang", WRONG);
    const unknown = await signIn(s, "nobody-here", WRONG, { "accept-language": "en" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 40101, reason: "iam.invalid_credentials", message: "用户名或密码错误" });
    expect(unknown.body).toMatchObject({ code: 40101, reason: "iam.invalid_credentials", message: "Wrong username or password" });
    expect((await loginLogs(s, "wangfang"))[0]).toMatchObject({ success: false, reason: "bad_password" });
    expect((await loginLogs(s, "nobody-here"))[0]).toMatchObject({ success: false, reason: "unknown_user", user_id: null });
  });

  it("refuses a disabled account with 403, and only after the right password", async () => {
    await s.system.db.run("UPDATE users SET status = 'disabled' WHERE username = 'chenjing'");
    try {
      expect((await signIn(s, "chenjing", WRONG)).status).toBe(401);
      const r = await signIn(s, "chenjing");
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ code: 40301, reason: "iam.account_disabled" });
      expect((await loginLogs(s, "chenjing"))[0]).toMatchObject({ success: false, reason: "disabled" });
    } finally {
      await s.system.db.run("UPDATE users SET status = 'active', failed_count = 0 WHERE username = 'chenjing'");
    }
  });

  it("refuses an unknown provider with 400", async () => {
    const r = await s.req("POST", "/api/v1/auth/login", { body: { username: "lina", password: "x", provider: "kerberos" } });
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe("iam.unknown_provider");
  });

  describe("lockout", () => {
    it("locks after 5 failures: 423 even for the right password, never hidden by 429, lifted after 15 minutes", async () => {
      // the demo's two weeks of history hold earlier attempts of liuyang: count this test's own
      const since = s.clock.now().toISOString();
      for (let i = 1; i <= 4; i++) expect((await signIn(s, "liuyang", WRONG)).status).toBe(401);
      expect((await signIn(s, "liuyang", WRONG)).status).toBe(423);
      const sixth = await signIn(s, "liuyang", undefined, { "accept-language": "en" });
      expect(sixth.status).toBe(423);
      expect(sixth.body).toMatchObject({ code: 42301, reason: "iam.account_locked" });
      expect(sixth.body.message).toMatch(/try again in 15 min \(unlocks at \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
      // Well past the per-account rate limit (10 a minute): the owner still reads when the lock lifts.
      for (let i = 0; i < 15; i++) expect((await signIn(s, "liuyang")).status).toBe(423);
      s.clock.advance(10 * 60_000);
      expect((await signIn(s, "liuyang")).body.message).toContain("请 5 分钟后再试");
      s.clock.advance(5 * 60_000 + 1000);
      expect((await signIn(s, "liuyang")).status).toBe(200);
      const reasons = (await loginLogs(s, "liuyang")).filter((l) => l.ts >= since).map((l) => l.reason);
      expect(reasons.filter((r) => r === "bad_password")).toHaveLength(5);
      expect(reasons.filter((r) => r === "locked")).toHaveLength(17);
    });

    it("counts consecutive failures only: a success starts the count again", async () => {
      await setSecurity(s, { lockout_threshold: 3 });
      try {
        for (let i = 0; i < 2; i++) expect((await signIn(s, "zhangwei", WRONG)).status).toBe(401);
        expect((await signIn(s, "zhangwei")).status).toBe(200);
        for (let i = 0; i < 2; i++) expect((await signIn(s, "zhangwei", WRONG)).status).toBe(401);
        expect((await signIn(s, "zhangwei")).status).toBe(200);
      } finally {
        await setSecurity(s, { lockout_threshold: 5 });
      }
    });

    it("can be lifted by an administrator (unlockUser)", async () => {
      const id = await userIdOf(s, "wangfang");
      const until = new Date(s.clock.now().getTime() + 600_000).toISOString();
      await s.system.db.run("UPDATE users SET locked_until = ? WHERE id = ?", [until, id]);
      expect((await signIn(s, "wangfang")).status).toBe(423);
      expect(await unlockUser(storeDeps(s), id)).toMatchObject({ wasLocked: true, lockedUntil: until });
      expect((await signIn(s, "wangfang")).status).toBe(200);
      expect(await unlockUser(storeDeps(s), id)).toMatchObject({ wasLocked: false, lockedUntil: null });
    });
  });

  describe("rate limits", () => {
    it("limits attempts per address with 429 and Retry-After, per window", async () => {
      await setSecurity(s, { login_rate_per_minute: 3 });
      try {
        const from = (ip: string, name: string) => signIn(s, name, WRONG, { "x-forwarded-for": ip });
        for (let i = 0; i < 3; i++) expect((await from("10.9.0.1", `ghost${i}`)).status).toBe(401);
        const limited = await from("10.9.0.1", "ghost9");
        expect(limited.status).toBe(429);
        expect(limited.body).toMatchObject({ code: 42901, reason: "common.rate_limited" });
        expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((await loginLogs(s, "ghost9"))[0]).toMatchObject({ reason: "rate_limited", ip: "10.9.0.1" });
        expect((await from("10.9.0.2", "ghost9")).status).toBe(401);
        s.clock.advance(61_000);
        expect((await from("10.9.0.1", "ghost9")).status).toBe(401);
      } finally {
        await setSecurity(s, { login_rate_per_minute: 20 });
      }
    });
  });

  it("locks unknown usernames too, so a 423 does not reveal which accounts exist", async () => {
    for (let i = 0; i < 4; i++) expect((await signIn(s, "ghost-user", WRONG)).status).toBe(401);
    const fifth = await signIn(s, "Ghost-User", WRONG);
    expect(fifth.status).toBe(423);
    expect(fifth.body.reason).toBe("iam.account_locked");
    expect((await signIn(s, "ghost-user", WRONG)).body.message).toContain("请 15 分钟后再试");
    expect((await loginLogs(s, "ghost-user")).every((l) => l.reason === "unknown_user" && l.user_id === null)).toBe(true);
    s.clock.advance(15 * 60_000 + 1000);
    expect((await signIn(s, "ghost-user", WRONG)).status).toBe(401);
  });
});
