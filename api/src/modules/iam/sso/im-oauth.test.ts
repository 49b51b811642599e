/**
 * Sign-in with Feishu against the Feishu stand-in (scripts/fakes): the browser round trip binds the
 * chat identity so the bot knows the user at once; forged state, replayed code, unknown, disabled and
 * super-administrator accounts are refused with a clear code and nothing is created; MFA still applies;
 * the in-app code endpoint. Both store engines.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFeishuFake, type FeishuFake } from "../../../../../scripts/fakes/index.ts";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { approveAs, botSees, fragment, finishSignIn, lastLogin, PUBLIC_URL, signInVia, startSignIn, whoSignedIn } from "./testing/im-signin.ts";

let feishu: FeishuFake;
beforeAll(async () => {
  feishu = await startFeishuFake();
  for (const [open_id, user_id, name] of [["ou_lina", "lina_fs", "李娜"], ["ou_wang", "wang_fs", "王芳"], ["ou_admin", "admin_fs", "管理员"], ["ou_zw", "zw_fs", "张伟"], ["ou_chen", "chen_fs", "陈静"]]) {
    feishu.addUser({ open_id: open_id!, user_id: user_id!, union_id: `on_${user_id}`, name: name! });
  }
});
afterAll(() => feishu.stop());

describe.each(ENGINES)("Feishu sign-in (%s)", (engine) => {
  let s: TestSystem;
  const identities = (subject: string) => s.system.db.all("SELECT user_id FROM user_identities WHERE provider = 'feishu' AND subject = ?", [subject]);
  beforeAll(async () => {
    s = await createTestSystem({
      engine,
      env: { OPS_PUBLIC_URL: PUBLIC_URL, OPS_SSO_FEISHU: "1", FEISHU_APP_ID: feishu.appId, FEISHU_APP_SECRET: feishu.appSecret, FEISHU_DOMAIN: feishu.url },
    });
    // the directory links a sync (or an administrator) set: by user_id, union_id or open_id
    for (const [username, id] of [["lina", "lina_fs"], ["wangfang", "on_wang_fs"], ["admin", "ou_admin"], ["zhangwei", "zw_fs"]]) {
      await s.system.db.run("UPDATE users SET feishu_id = ? WHERE username = ?", [id, username]);
    }
  });
  afterAll(() => s.close());

  it("offers 飞书 on the login page with the app id for the in-app flow", async () => {
    const r = await s.req("GET", "/api/v1/auth/providers");
    expect(r.body.data).toContainEqual({ id: "feishu", kind: "im", name: "飞书", app_id: feishu.appId });
    const en = await s.req("GET", "/api/v1/auth/providers", { headers: { "accept-language": "en" } });
    expect(en.body.data).toContainEqual(expect.objectContaining({ id: "feishu", name: "Feishu" }));
  });

  it("sends the browser to Feishu's authorize page with the app id, callback and a state", async () => {
    const { location, binding } = await startSignIn(s, "feishu");
    expect(`${location.origin}${location.pathname}`).toBe(`${feishu.url}/open-apis/authen/v1/authorize`);
    expect(location.searchParams.get("client_id")).toBe(feishu.appId);
    expect(location.searchParams.get("redirect_uri")).toBe(`${PUBLIC_URL}/api/v1/auth/sso/feishu/callback`);
    expect(location.searchParams.get("state")).toMatch(/.{20,}/);
    expect(binding).toBeTruthy();
    const page = await fetch(location);
    expect(await page.text()).toContain("李娜 (lina_fs)");
  });

  it("signs lina in through her directory link, binds her Feishu account and the bot knows her at once", async () => {
    expect(await botSees(s, "feishu", "ou_lina")).toBeNull();
    const started = await startSignIn(s, "feishu", "/jobs");
    const landing = await finishSignIn(s, await approveAs(started.location, "ou_lina"), started.binding);
    expect(fragment(landing).get("redirect")).toBe("/jobs");
    expect(await whoSignedIn(s, landing)).toBe("lina");
    const link = await s.system.db.get<{ profile: string }>("SELECT profile FROM user_identities WHERE provider = 'feishu' AND subject = 'ou_lina'");
    expect(JSON.parse(link!.profile)).toMatchObject({ name: "李娜", workspace_id: feishu.tenantKey });
    expect(await lastLogin(s, "feishu")).toMatchObject({ username: "lina", success: 1 });
    expect(await botSees(s, "feishu", "ou_lina")).toBe("lina");
    // the next sign-in finds the bound identity even when the directory link is gone
    await s.system.db.run("UPDATE users SET feishu_id = NULL WHERE username = 'lina'");
    expect(await whoSignedIn(s, await signInVia(s, "feishu", "ou_lina"))).toBe("lina");
  });

  it("refuses a forged state, a state without its browser cookie, and a replayed code", async () => {
    const started = await startSignIn(s, "feishu");
    const back = await approveAs(started.location, "ou_wang");
    const forged = new URL(back);
    forged.searchParams.set("state", "forged-state");
    expect(fragment(await finishSignIn(s, forged, started.binding)).get("sso_error")).toBe("iam.sso_state_invalid");
    expect(fragment(await finishSignIn(s, back, "another-browser")).get("sso_error")).toBe("iam.sso_state_invalid");
    // the state is spent by the failed attempt: the same redirect again is refused too
    expect(fragment(await finishSignIn(s, back, started.binding)).get("sso_error")).toBe("iam.sso_state_invalid");
    // the code of a finished sign-in, replayed under a fresh state
    const first = await startSignIn(s, "feishu");
    const used = await approveAs(first.location, "ou_wang");
    expect(fragment(await finishSignIn(s, used, first.binding)).get("sso_ticket")).toBeTruthy();
    const again = await startSignIn(s, "feishu");
    const replay = new URL(used);
    replay.searchParams.set("state", again.location.searchParams.get("state")!);
    expect(fragment(await finishSignIn(s, replay, again.binding)).get("sso_error")).toBe("iam.sso_code_invalid");
    expect(await lastLogin(s, "feishu")).toMatchObject({ success: 0, reason: "code_invalid" });
  });

  it("refuses a Feishu account nobody is linked to, and creates nothing", async () => {
    const users = await s.system.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM users");
    expect(fragment(await signInVia(s, "feishu", "ou_chen")).get("sso_error")).toBe("iam.sso_no_account");
    expect(await identities("ou_chen")).toEqual([]);
    expect(await s.system.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM users")).toEqual(users);
    expect(await lastLogin(s, "feishu")).toMatchObject({ username: "feishu:ou_chen", success: 0, reason: "no_account" });
  });

  it("refuses a disabled user (matched by union_id) and binds nothing", async () => {
    await s.system.db.run("UPDATE users SET status = 'disabled' WHERE username = 'wangfang'");
    try {
      await s.system.db.run("DELETE FROM user_identities WHERE provider = 'feishu' AND subject = 'ou_wang'");
      expect(fragment(await signInVia(s, "feishu", "ou_wang")).get("sso_error")).toBe("iam.account_disabled");
      expect(await identities("ou_wang")).toEqual([]);
      expect(await lastLogin(s, "feishu")).toMatchObject({ success: 0, reason: "user_disabled" });
    } finally {
      await s.system.db.run("UPDATE users SET status = 'active' WHERE username = 'wangfang'");
    }
  });

  it("never links a super administrator automatically, even through a directory link", async () => {
    expect(fragment(await signInVia(s, "feishu", "ou_admin")).get("sso_error")).toBe("iam.sso_no_account");
    expect(await identities("ou_admin")).toEqual([]);
    expect(await lastLogin(s, "feishu")).toMatchObject({ reason: "admin_not_auto_linked" });
  });

  it("still asks for the second factor", async () => {
    await s.system.db.run("UPDATE users SET mfa_enabled = 1 WHERE username = 'zhangwei'");
    const landing = await signInVia(s, "feishu", "ou_zw");
    const r = await s.req("POST", "/api/v1/auth/sso/exchange", { body: { ticket: fragment(landing).get("sso_ticket") } });
    expect(r.body.data).toMatchObject({ mfa_required: true, mfa_token: expect.any(String) });
    expect(r.body.data.access_token).toBeUndefined();
  });

  it("signs in inside Feishu with a code from the JS SDK; the code works once", async () => {
    const code = feishu.oauth.issueCode("ou_lina");
    const r = await s.req("POST", "/api/v1/auth/sso/feishu/code", { body: { code } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const me = await s.req("GET", "/api/v1/auth/me", { token: r.body.data.access_token });
    expect(me.body.data.username).toBe("lina");
    const again = await s.req("POST", "/api/v1/auth/sso/feishu/code", { body: { code }, headers: { "accept-language": "en" } });
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ reason: "iam.sso_code_invalid", message: expect.stringContaining("already used") });
    const unknown = await s.req("POST", "/api/v1/auth/sso/nowhere/code", { body: { code } });
    expect(unknown.status).toBe(404);
  });
});
