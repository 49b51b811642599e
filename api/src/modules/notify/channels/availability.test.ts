import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { createNotifyKit, type NotifyKit } from "../notify.testkit.ts";

type Row = { channel: string; available: boolean; reason: string | null; message: string | null; setup: unknown };
const byChannel = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.channel, r]));

/** GET /notifications/channels says which channels reach the caller, and if not why and who fixes it where. */
describe.each(ENGINES)("channel availability (%s)", (engine) => {
  let bare: TestSystem;
  let kit: NotifyKit;
  beforeAll(async () => {
    [bare, kit] = await Promise.all([createTestSystem({ engine }), createNotifyKit({ engine })]);
  });
  afterAll(async () => {
    await Promise.all([bare?.close(), kit?.close()]);
  });

  it("without SMTP or an SMS provider, email and SMS are unavailable with a translated reason and the settings to set", async () => {
    const token = await bare.login("lina");
    const zh = await bare.req("GET", "/api/v1/notifications/channels", { token, headers: { "accept-language": "zh-CN" } });
    expect(zh.status).toBe(200);
    const rows = byChannel(zh.body.data as Row[]);
    expect(Object.keys(rows).sort()).toEqual(["email", "im", "inapp", "push", "sms"]);
    expect(rows.inapp).toMatchObject({ available: true, reason: null, message: null, setup: null });
    expect(rows.email).toEqual({
      channel: "email", available: false, reason: "notify.channel.email_unconfigured",
      message: "服务器未配置邮件发送（SMTP）", setup: { audience: "admin", env: ["SMTP_URL", "SMTP_FROM"] },
    });
    expect(rows.sms).toMatchObject({ available: false, reason: "notify.channel.sms_unconfigured", setup: { audience: "admin", env: expect.arrayContaining(["OPS_SMS_URL"]) } });
    // No chat binding: the user binds one on /account/bindings.
    expect(rows.im).toMatchObject({ available: false, reason: "notify.no_im_binding", setup: { audience: "user", href: "/account/bindings" } });

    const en = await bare.req("GET", "/api/v1/notifications/channels?lang=en", { token });
    expect(byChannel(en.body.data as Row[]).email!.message).toBe("Email sending (SMTP) is not configured on the server");
  });

  it("with SMTP and SMS configured they are available; a user without a phone number is told to add one", async () => {
    const token = await kit.s.login("lina");
    const rows = byChannel((await kit.api("GET", "/notifications/channels", token)).body.data as Row[]);
    expect(rows.email).toEqual({ channel: "email", available: true, reason: null, message: null, setup: null });
    expect(rows.sms).toMatchObject({ available: true, reason: null });
    // Push is configured but lina's browsers have not subscribed: she turns it on with the push toggle.
    expect(rows.push).toMatchObject({ available: false, reason: "notify.no_push_subscription", setup: { audience: "user" } });

    await kit.s.system.db.run("UPDATE users SET phone = NULL WHERE id = ?", [await kit.userId("lina")]);
    const after = byChannel((await kit.api("GET", "/notifications/channels", token)).body.data as Row[]);
    expect(after.sms).toMatchObject({ available: false, reason: "notify.no_phone_number", setup: { audience: "user", href: "/profile" } });
  });

  it("needs a signed-in user", async () => {
    expect((await bare.req("GET", "/api/v1/notifications/channels")).status).toBe(401);
  });
});
