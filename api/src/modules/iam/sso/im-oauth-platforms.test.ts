/**
 * Sign-in with DingTalk and WeCom against their stand-ins: DingTalk's unionId is mapped to the staff
 * userId the bot sees (so the binding matches it), someone outside the org or corp is refused; and
 * the profile's linked identities: list, unlink, and the last way to sign in kept.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDingTalkFake, startWeComFake, type DingTalkFake, type WeComFake } from "../../../../../scripts/fakes/index.ts";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { approveAs, botSees, fragment, lastLogin, PUBLIC_URL, signInVia, startSignIn, whoSignedIn } from "./testing/im-signin.ts";

let dingtalk: DingTalkFake;
let wecom: WeComFake;
beforeAll(async () => {
  dingtalk = await startDingTalkFake({
    users: [
      { userId: "lina_dt", nick: "李娜", dingtalkId: "$:LWCP_v1:$lina0001", unionId: "union-lina" },
      { userId: "wang_dt", nick: "王芳", dingtalkId: "$:LWCP_v1:$wang0001", unionId: "union-wang" },
    ],
  });
  dingtalk.oauth.addOutsider({ userId: "", nick: "外部人员", dingtalkId: "", unionId: "union-outsider" });
  wecom = await startWeComFake({ users: [{ userid: "LiNa", name: "李娜" }, { userid: "guest", name: "访客", member: false }] });
});
afterAll(async () => {
  await dingtalk.stop();
  await wecom.stop();
});

describe.each(ENGINES)("DingTalk and WeCom sign-in (%s)", (engine) => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({
      engine,
      env: {
        OPS_PUBLIC_URL: PUBLIC_URL,
        OPS_SSO_DINGTALK: "1", DINGTALK_CLIENT_ID: dingtalk.clientId, DINGTALK_CLIENT_SECRET: dingtalk.clientSecret, DINGTALK_API_URL: dingtalk.url,
        OPS_SSO_WECOM: "1", WECOM_CORP_ID: wecom.corpId, WECOM_AGENT_ID: wecom.agentId, WECOM_SECRET: wecom.secret, WECOM_API_URL: wecom.url,
      },
    });
    await s.system.db.run("UPDATE users SET dingtalk_id = 'union-lina', wechat_work_id = 'LiNa' WHERE username = 'lina'");
  });
  afterAll(() => s.close());

  it("lists 钉钉 and 企业微信 but not Feishu (not switched on)", async () => {
    const ids = (await s.req("GET", "/api/v1/auth/providers")).body.data.map((p: { id: string; name: string }) => `${p.id}:${p.name}`);
    expect(ids).toEqual(expect.arrayContaining(["dingtalk:钉钉", "wecom:企业微信"]));
    expect(ids.some((x: string) => x.startsWith("feishu"))).toBe(false);
  });

  it("DingTalk: the authorize request is DingTalk's, and lina is bound under the staff userId the bot sees", async () => {
    const { location } = await startSignIn(s, "dingtalk");
    expect(location.pathname).toBe("/oauth2/auth");
    expect(Object.fromEntries(["client_id", "response_type", "scope", "prompt"].map((k) => [k, location.searchParams.get(k)])))
      .toEqual({ client_id: dingtalk.clientId, response_type: "code", scope: "openid", prompt: "consent" });
    expect(await botSees(s, "dingtalk", "lina_dt")).toBeNull();
    expect(await whoSignedIn(s, await signInVia(s, "dingtalk", "union-lina"))).toBe("lina");
    expect(await botSees(s, "dingtalk", "lina_dt")).toBe("lina");
    expect(await lastLogin(s, "dingtalk")).toMatchObject({ username: "lina", success: 1 });
  });

  it("DingTalk: an account outside the org, and one in the org nobody is linked to, are refused", async () => {
    expect(fragment(await signInVia(s, "dingtalk", "union-outsider")).get("sso_error")).toBe("iam.sso_not_member");
    expect(fragment(await signInVia(s, "dingtalk", "union-wang")).get("sso_error")).toBe("iam.sso_no_account");
    expect(await s.system.db.all("SELECT id FROM user_identities WHERE provider = 'dingtalk' AND subject = 'wang_dt'")).toEqual([]);
  });

  it("DingTalk in-app: a code from dd.requestAuthCode signs in; replayed it is refused", async () => {
    const code = dingtalk.oauth.issueCode("lina_dt");
    expect((await s.req("POST", "/api/v1/auth/sso/dingtalk/code", { body: { code } })).status).toBe(200);
    const again = await s.req("POST", "/api/v1/auth/sso/dingtalk/code", { body: { code } });
    expect(again).toMatchObject({ status: 401, body: { reason: "iam.sso_code_invalid" } });
  });

  it("WeCom: QR connect with the corp id and agent id; a member signs in, a non-member is refused", async () => {
    const { location } = await startSignIn(s, "wecom");
    expect(location.pathname).toBe("/wwlogin/sso/login");
    expect(location.searchParams.get("login_type")).toBe("CorpApp");
    expect(location.searchParams.get("appid")).toBe(wecom.corpId);
    expect(location.searchParams.get("agentid")).toBe(wecom.agentId);
    expect(await whoSignedIn(s, await signInVia(s, "wecom", "LiNa"))).toBe("lina");
    const link = await s.system.db.get<{ profile: string }>("SELECT profile FROM user_identities WHERE provider = 'wecom' AND subject = 'LiNa'");
    expect(JSON.parse(link!.profile)).toMatchObject({ name: "李娜" });
    expect(fragment(await signInVia(s, "wecom", "guest")).get("sso_error")).toBe("iam.sso_not_member");
  });

  it("a WeCom code is single-use", async () => {
    const started = await startSignIn(s, "wecom");
    const back = await approveAs(started.location, "LiNa");
    const again = await startSignIn(s, "wecom");
    const replay = new URL(back);
    replay.searchParams.set("state", again.location.searchParams.get("state")!);
    const r1 = await s.req("GET", `${back.pathname}${back.search}`, { headers: { cookie: `ops_sso_binding=${started.binding}` } });
    expect(fragment(new URL(r1.headers.get("location")!, PUBLIC_URL)).get("sso_ticket")).toBeTruthy();
    const r2 = await s.req("GET", `${replay.pathname}${replay.search}`, { headers: { cookie: `ops_sso_binding=${again.binding}` } });
    expect(fragment(new URL(r2.headers.get("location")!, PUBLIC_URL)).get("sso_error")).toBe("iam.sso_code_invalid");
  });

  it("lists my linked accounts and unlinks one; the last way to sign in of a user without a password is kept", async () => {
    const token = await s.login("lina");
    const mine = await s.req("GET", "/api/v1/auth/identities", { token });
    expect(mine.body.data.map((i: { provider: string; subject: string; name: string }) => `${i.provider}:${i.subject}:${i.name}`))
      .toEqual(expect.arrayContaining(["dingtalk:lina_dt:李娜", "wecom:LiNa:李娜"]));
    const wecomLink = mine.body.data.find((i: { provider: string }) => i.provider === "wecom");
    expect((await s.req("DELETE", `/api/v1/auth/identities/${wecomLink.id}`, { token })).status).toBe(200);
    expect(await s.system.db.get("SELECT id FROM user_identities WHERE id = ?", [wecomLink.id])).toBeUndefined();
    const audit = await s.system.db.get<{ before_data: string | null }>(
      "SELECT * FROM audit_logs WHERE module = 'iam' AND action = 'sso.unlink' AND resource_id = (SELECT id FROM users WHERE username = 'lina')",
    );
    expect(JSON.stringify(audit)).toContain("LiNa");
    // someone else's link is not mine to remove
    const other = await s.req("DELETE", `/api/v1/auth/identities/${wecomLink.id}`, { token: await s.login("wangfang") });
    expect(other.status).toBe(404);
    // without a password, the only link stays
    await s.system.db.run("UPDATE users SET password_hash = NULL WHERE username = 'lina'");
    const dt = mine.body.data.find((i: { provider: string }) => i.provider === "dingtalk");
    const refused = await s.req("DELETE", `/api/v1/auth/identities/${dt.id}`, { token });
    expect(refused).toMatchObject({ status: 409, body: { reason: "iam.identity_last_sign_in" } });
    expect(await s.system.db.get("SELECT id FROM user_identities WHERE id = ?", [dt.id])).toBeTruthy();
  });
});

describe("WeCom sign-in with OPS_SSO_IM_AUTO_CREATE", () => {
  let s: TestSystem;
  beforeAll(async () => {
    wecom.users.set("newbie", { userid: "newbie", name: "新同事" });
    s = await createTestSystem({
      env: {
        OPS_PUBLIC_URL: PUBLIC_URL, OPS_SSO_IM_AUTO_CREATE: "1",
        OPS_SSO_WECOM: "1", WECOM_CORP_ID: wecom.corpId, WECOM_AGENT_ID: wecom.agentId, WECOM_SECRET: wecom.secret, WECOM_API_URL: wecom.url,
      },
    });
  });
  afterAll(() => s.close());

  it("creates an account without roles for a corp member nobody is linked to, linked to the directory", async () => {
    expect(await whoSignedIn(s, await signInVia(s, "wecom", "newbie"))).toBe("newbie");
    const user = await s.system.db.get<{ id: string; display_name: string; wechat_work_id: string; password_hash: string | null }>(
      "SELECT id, display_name, wechat_work_id, password_hash FROM users WHERE username = 'newbie'",
    );
    expect(user).toMatchObject({ display_name: "新同事", wechat_work_id: "newbie", password_hash: null });
    expect(await s.system.db.all("SELECT role_id FROM user_roles WHERE user_id = ?", [user!.id])).toEqual([]);
    // a non-member is still refused
    expect(fragment(await signInVia(s, "wecom", "guest")).get("sso_error")).toBe("iam.sso_not_member");
  });
});
