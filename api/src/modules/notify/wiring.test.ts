import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { startFakeSms, type FakeSms } from "../../../../scripts/fakes/sms.ts";
import { startFakeSmtp, type FakeSmtp } from "../../../../scripts/fakes/smtp.ts";

/** The production wiring: transports from SMTP_URL / OPS_SMS_URL, routes mounted, worker running. */
describe("notify wiring from env", () => {
  let s: TestSystem;
  let smtp: FakeSmtp;
  let sms: FakeSms;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
    sms = startFakeSms({ token: "t0ken" });
    // without the demo's inbox history, whose mails would reach the stand-ins too
    s = await createTestSystem({ demoSeeders: ["company"], env: { SMTP_URL: smtp.url, SMTP_FROM: "OPS <ops@example.com>", OPS_SMS_URL: sms.url, OPS_SMS_TOKEN: "t0ken" } });
    s.system.notify.start();
  });
  afterAll(async () => {
    await s?.close();
    await smtp?.close();
    await sms?.close();
  });

  it("delivers email over SMTP_URL and SMS over OPS_SMS_URL", async () => {
    const admin = await s.login("admin");
    const token = await s.login("lina");
    await s.req("PUT", "/api/v1/notifications/preferences", { token, body: { defaults: { channels: { im: "off", push: "off", email: "on", sms: "on" } } } });
    const userId = (await s.req("GET", "/api/v1/auth/me", { token })).body.data.id;
    const sent = await s.req("POST", "/api/v1/notify/send", { token: admin, body: { type: "job.failed", recipients: [userId], data: { title: "wired" } } });
    expect(sent.status).toBe(201);
    const [mail] = await smtp.mail.waitFor(1);
    expect(mail).toMatchObject({ from: "ops@example.com", to: ["lina@example.com"], subject: "wired" });
    const [text] = await sms.sms.waitFor(1);
    expect(text).toMatchObject({ to: "13800000002", text: "wired" });
  });

  it("publishes the notify routes in the OpenAPI document with their permissions", async () => {
    const spec = (await s.req("GET", "/api/openapi.json")).body;
    expect(spec.paths["/api/v1/notify/send"].post["x-permission"]).toBe("notify:send");
    expect(spec.paths["/api/v1/notify/templates"].get["x-permission"]).toBe("notify:manage");
    expect(spec.paths["/api/v1/notifications/stream"].get["x-permission"]).toBe("user");
    expect(spec.paths["/api/v1/notifications/unsubscribe"].get["x-permission"]).toBe("public");
  });
});
