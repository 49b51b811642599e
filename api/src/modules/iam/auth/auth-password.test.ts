import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { AppError } from "@ops/shared";
import { api, loginLogs, setSecurity, signIn, storeDeps, tokensOf, userIdOf } from "../auth-testkit.ts";
import { setUserPassword } from "./password-change.ts";

const P2 = "Second#Pass2026";
const P3 = "Third#Pass2026";

describe.each(ENGINES)("passwords on %s", (engine) => {
  let s: TestSystem;
  const change = (token: string, old_password: string, new_password: string, headers?: Record<string, string>) =>
    api(s, "POST", "/auth/password", token, { old_password, new_password }, headers);

  beforeAll(async () => {
    s = await createTestSystem({ engine });
  });
  afterAll(() => s.close());

  it("publishes the policy without sign-in", async () => {
    const r = await api(s, "GET", "/auth/password-policy");
    expect(r.body.data).toEqual({ min_length: 8, min_classes: 3, history: 5, expiry_days: 90 });
  });

  it("reports every broken rule on new_password, in the user's language, before checking the old password", async () => {
    const t = await tokensOf(s, "lina");
    const weak = await change(t.access_token, "not-checked-yet", "lina12");
    expect(weak.status).toBe(400);
    expect(weak.body.reason).toBe("iam.password_policy");
    expect(weak.body.errors).toEqual([
      { field: "new_password", message: "密码长度至少 8 位" },
      { field: "new_password", message: "密码须包含小写字母、大写字母、数字、符号中的至少 3 类" },
      { field: "new_password", message: "密码不能包含用户名" },
    ]);
    await s.system.db.run("UPDATE users SET locale = 'en' WHERE username = 'lina'");
    const en = await change(t.access_token, "x", "short");
    expect(en.body.errors[0]).toEqual({ field: "new_password", message: "The password must be at least 8 characters long" });
    await s.system.db.run("UPDATE users SET locale = 'zh-CN' WHERE username = 'lina'");
  });

  it("refuses a wrong old password on old_password, counting it towards the lockout", async () => {
    const t = await tokensOf(s, "lina");
    const r = await change(t.access_token, "Wrong#Pass1", P2);
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: "old_password", message: "密码错误" }]);
    const row = await s.system.db.get<{ failed_count: number }>("SELECT failed_count FROM users WHERE username = 'lina'");
    expect(Number(row?.failed_count)).toBe(1);
  });

  it("changes the password: other sessions end, this one goes on with fresh tokens, history refuses reuse", async () => {
    const other = await tokensOf(s, "lina");
    const current = await tokensOf(s, "lina");
    const r = await change(current.access_token, "Ops@demo2026", P2);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ session_id: current.session_id, password_change_required: false, mfa_setup_required: false });
    expect((await api(s, "GET", "/auth/me", other.access_token)).status).toBe(401);
    const fresh = r.body.data.access_token as string;
    expect((await api(s, "GET", "/auth/sessions", fresh)).status).toBe(200);
    expect((await api(s, "POST", "/auth/refresh", undefined, { refresh_token: r.body.data.refresh_token })).status).toBe(200);
    expect((await signIn(s, "lina")).status).toBe(401);
    const back = await change(fresh, P2, "Ops@demo2026");
    expect(back.status).toBe(400);
    expect(back.body.errors).toEqual([{ field: "new_password", message: "不能与最近 5 次使用过的密码相同" }]);
    const audit = await s.system.db.all<{ resource_id: string; after_data: string; status: number }>(
      "SELECT resource_id, after_data, status FROM audit_logs WHERE action = 'auth.password.change' ORDER BY ts, id",
    );
    expect(audit.map((a) => a.status)).toContain(200);
    expect(audit.find((a) => a.status === 200)!.resource_id).toBe(await userIdOf(s, "lina"));
    expect(JSON.stringify(audit)).not.toMatch(/Second#Pass|Ops@demo|argon2/);
  });

  it("allows an older password again once it left the history window", async () => {
    await setSecurity(s, { password_history: 1 });
    try {
      const t = await tokensOf(s, "lina", P2);
      expect((await change(t.access_token, P2, P2)).status).toBe(400);
      expect((await change(t.access_token, P2, "Ops@demo2026")).status).toBe(200);
    } finally {
      await setSecurity(s, { password_history: 5 });
    }
  });

  it("forces a change after an admin reset: a restricted token until then, refused elsewhere with 403", async () => {
    const before = await tokensOf(s, "wangfang");
    await expect(setUserPassword(storeDeps(s), await userIdOf(s, "wangfang"), "weak", { mustChange: true })).rejects.toMatchObject({
      code: "iam.password_policy", status: 400, errors: [{ field: "password", message: "iam.password_too_short" }, { field: "password", message: "iam.password_too_simple" }],
    } satisfies Partial<AppError>);
    await setUserPassword(storeDeps(s), await userIdOf(s, "wangfang"), "Temp#Reset2026", { mustChange: true });
    expect((await api(s, "GET", "/auth/me", before.access_token)).status).toBe(401);
    const t = await tokensOf(s, "wangfang", "Temp#Reset2026");
    expect(t).toMatchObject({ password_change_required: true, mfa_setup_required: false });
    expect((await loginLogs(s, "wangfang"))[0]).toMatchObject({ success: true, reason: "password_change_required" });
    const me = await api(s, "GET", "/auth/me", t.access_token);
    expect(me.status).toBe(200);
    expect(me.body.data.restricted).toBe("password_change");
    const refused = await api(s, "GET", "/auth/sessions", t.access_token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 40301, reason: "auth.password_change_required", message: "请先修改密码" });
    // a refresh keeps the restriction
    const refreshed = await api(s, "POST", "/auth/refresh", undefined, { refresh_token: t.refresh_token });
    expect(refreshed.body.data.password_change_required).toBe(true);
    expect((await api(s, "GET", "/auth/sessions", refreshed.body.data.access_token)).status).toBe(403);
    const changed = await change(refreshed.body.data.access_token, "Temp#Reset2026", P3);
    expect(changed.status).toBe(200);
    expect(changed.body.data.password_change_required).toBe(false);
    expect((await api(s, "GET", "/auth/sessions", changed.body.data.access_token)).status).toBe(200);
    expect((await api(s, "GET", "/auth/me", changed.body.data.access_token)).body.data.restricted).toBeNull();
    expect((await tokensOf(s, "wangfang", P3)).password_change_required).toBe(false);
  });

  it("expires passwords after password_expiry_days (0: never)", async () => {
    const t = await tokensOf(s, "zhangwei");
    const expires = (await api(s, "GET", "/auth/me", t.access_token)).body.data.password_expires_at as string;
    expect(Date.parse(expires) - s.clock.now().getTime()).toBe(90 * 86_400_000);
    s.clock.advance(90 * 86_400_000 + 1000);
    const expired = await tokensOf(s, "zhangwei");
    expect(expired.password_change_required).toBe(true);
    expect((await loginLogs(s, "zhangwei"))[0]).toMatchObject({ success: true, reason: "expired_password" });
    expect((await api(s, "GET", "/auth/sessions", expired.access_token)).status).toBe(403);
    await setSecurity(s, { password_expiry_days: 0 });
    const never = await tokensOf(s, "zhangwei");
    expect(never.password_change_required).toBe(false);
    expect((await api(s, "GET", "/auth/me", never.access_token)).body.data.password_expires_at).toBeNull();
  });
});
