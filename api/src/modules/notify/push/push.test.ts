import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";

describe("web push", () => {
  let kit: NotifyKit;
  let admin: string;
  let token: string;
  let userId: string;
  beforeAll(async () => {
    kit = await createNotifyKit();
    admin = await kit.s.login("admin");
    token = await kit.s.login("wangfang");
    userId = await kit.userId("wangfang");
    // push only, email as the fallback
    await kit.api("PUT", "/notifications/preferences", token, { order: ["push", "email"], defaults: { channels: { im: "off", push: "on", email: "fallback", sms: "off" } } });
  });
  afterAll(() => kit?.close());

  const subscriptions = () => kit.s.system.db.all<{ endpoint: string }>("SELECT endpoint FROM notify_push_subscriptions WHERE user_id = ?", [userId]);

  it("keeps the VAPID key pair encrypted in the settings and serves the public key", async () => {
    const row = await kit.s.system.db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'notify.vapid'");
    const publicKey = (await kit.api("GET", "/notifications/push-public-key", token)).body.data.public_key as string;
    expect(publicKey).toMatch(/^[\w-]{80,90}$/);
    expect(row!.value.startsWith("v1.")).toBe(true);
    expect(row!.value).not.toContain(publicKey);
  });

  it("sends critical pushes with high urgency and retries a push service error", async () => {
    const browser = kit.push.subscribe();
    await kit.api("POST", "/notifications/push-subscriptions", token, browser);
    kit.push.fail(1, 503);
    const before = kit.push.requests.items.length;
    const retries = () => kit.events.filter((e) => e.kind === "job" && e.outcome === "retry").length;
    const retriesBefore = retries();
    const sent = await kit.api("POST", "/notify/send", admin, { type: "alert.fired", recipients: [userId], critical: true, data: { title: "CPU 99%" } });
    await kit.until(() => retries() > retriesBefore, "push retry scheduled");
    kit.advance(1_000);
    const [push] = (await kit.push.requests.waitFor(before + 1)).slice(before);
    expect(push).toMatchObject({ urgency: "high", topic: null, contentEncoding: "aes128gcm" });
    expect(JSON.parse(push!.payload!)).toMatchObject({ title: "CPU 99%", critical: true });
    await kit.until(async () => (await logRows(kit, { eventId: sent.body.data.event_id })).some((r) => r.channel === "push" && r.status === "sent"), "push sent");
    const pushRows = (await logRows(kit, { eventId: sent.body.data.event_id })).filter((r) => r.channel === "push");
    expect(pushRows.map((r) => `${r.status}:${r.attempt}`)).toEqual(["retry:1", "sent:2"]);
    expect(pushRows[0]!.error).toContain("503");
  });

  it("forgets a subscription the push service reports gone and fails over to email", async () => {
    for (const s of await subscriptions()) kit.push.expire(s.endpoint);
    const sent = await kit.api("POST", "/notify/send", admin, { type: "alert.fired", recipients: [userId], data: { title: "Disk 95%" } });
    const mail = () => kit.smtp.mail.items.find((m) => m.subject === "Disk 95%");
    await kit.until(() => Boolean(mail()), "the fallback email");
    expect(mail()!.to).toEqual(["wangfang@example.com"]);
    expect(await subscriptions()).toEqual([]);
    await kit.until(async () => (await logRows(kit, { eventId: sent.body.data.event_id })).some((r) => r.status === "sent"), "email sent");
    const rows = await logRows(kit, { eventId: sent.body.data.event_id });
    expect(rows.map((r) => `${r.channel}:${r.status}`)).toEqual(["push:failed", "email:sent"]);
    expect(rows[0]!.error).toContain("410");
  });

  it("moves an endpoint to the user who subscribed last and deletes only one's own", async () => {
    const browser = kit.push.subscribe();
    const other = await kit.s.login("lina");
    await kit.api("POST", "/notifications/push-subscriptions", token, browser);
    await kit.api("POST", "/notifications/push-subscriptions", other, browser);
    expect(await subscriptions()).toEqual([]);
    const query = `/notifications/push-subscriptions?endpoint=${encodeURIComponent(browser.endpoint)}`;
    expect((await kit.api("DELETE", query, token)).status).toBe(404);
    expect((await kit.api("DELETE", query, other)).status).toBe(200);
    const insecure = await kit.api("POST", "/notifications/push-subscriptions", token, { ...browser, endpoint: "http://127.0.0.1/push/x" });
    expect(insecure.status).toBe(400);
  });
});
