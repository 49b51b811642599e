import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES } from "../../../testing/harness.ts";
import { bindIm, createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";
import { openStream } from "../sse.testkit.ts";
import type { ImDeliveryJob } from "../index.ts";

/** The done-when of the notification center, on both store engines. */
describe.each(ENGINES)("notification delivery (%s)", (engine) => {
  let kit: NotifyKit;
  let admin: string;
  beforeAll(async () => {
    kit = await createNotifyKit({ engine });
    admin = await kit.s.login("admin");
  });
  afterAll(() => kit?.close());

  it("reaches in-app (live), web push, email and the bound IM, with every attempt in the send log", async () => {
    const userId = await kit.userId("zhangwei");
    const token = await kit.s.login("zhangwei");
    await bindIm(kit, userId, "feishu", "ou_zhangwei");
    const browser = kit.push.subscribe();
    expect((await kit.api("POST", "/notifications/push-subscriptions", token, browser)).status).toBe(201);
    const stream = await openStream(kit, { token });
    await stream.next();

    const sent = await kit.api("POST", "/notify/send", admin, {
      type: "deploy.finished", recipients: [userId], data: { title: "Deploy #42 finished", body: "api v1.2.3 is live", push_topic: "deploy-42" },
    });
    expect(sent.body.data).toMatchObject({ recipients: 1, deliveries: 3, digested: 0 });
    const eventId = sent.body.data.event_id as string;

    const live = JSON.parse((await stream.next()).data);
    expect(live.title).toBe("Deploy #42 finished");
    await stream.close();

    const [mail] = await kit.smtp.mail.waitFor(1);
    expect(mail!.to).toEqual(["zhangwei@example.com"]);
    expect(mail!.subject).toBe("Deploy #42 finished");
    expect(mail!.text).toContain("api v1.2.3 is live");
    expect(mail!.headers["list-unsubscribe"]).toContain("https://ops.example.com/api/v1/notifications/unsubscribe?token=");

    const [push] = await kit.push.requests.waitFor(1);
    expect(push).toMatchObject({ ttl: "86400", urgency: "normal", topic: "deploy-42", contentEncoding: "aes128gcm" });
    expect(push!.authorization).toMatch(/^vapid t=.+, k=.+/);
    expect(push!.vapid).toMatchObject({ valid: true, aud: kit.push.origin });
    const publicKey = (await kit.api("GET", "/notifications/push-public-key", token)).body.data.public_key;
    expect(push!.vapid.publicKey).toBe(publicKey);
    expect(JSON.parse(push!.payload!)).toMatchObject({ title: "Deploy #42 finished", body: "api v1.2.3 is live", event_id: eventId });

    await kit.until(async () => (await logRows(kit, { eventId })).filter((r) => r.status === "sent").length === 3, "three sent attempts");
    const rows = await logRows(kit, { eventId });
    expect(rows.map((r) => `${r.channel}:${r.status}:${r.attempt}`).sort()).toEqual(["email:sent:1", "im:sent:1", "push:sent:1"]);
    expect(rows.find((r) => r.channel === "email")!.target).toBe("z***@example.com");

    const im = await kit.s.system.queue.reserve<ImDeliveryJob>("im-delivery");
    expect(im?.payload).toMatchObject({ userId, platform: "feishu", externalUserId: "ou_zhangwei", eventId, card: { kind: "notification", data: { title: "Deploy #42 finished" } } });
    const logs = await kit.api("GET", `/notify/logs?event_id=${eventId}&channel=email`, admin);
    expect(logs.body.data.items[0]).toMatchObject({ channel: "email", status: "sent", attempt: 1, username: "zhangwei", error: null });
  });

  it("retries a failing channel with backoff, then fails over to the next channel", async () => {
    const userId = await kit.userId("lina");
    const token = await kit.s.login("lina");
    const prefs = await kit.api("PUT", "/notifications/preferences", token, { defaults: { channels: { im: "off", push: "off", email: "on", sms: "fallback" } } });
    expect(prefs.status).toBe(200);
    kit.smtp.fail(3, 451);
    const smsBefore = kit.sms.sms.items.length;
    const retries = () => kit.events.filter((e) => e.kind === "job" && e.outcome === "retry").length;
    const retriesBefore = retries();

    const sent = await kit.api("POST", "/notify/send", admin, { type: "backup.failed", recipients: [userId], data: { title: "Backup failed", body: "disk full" } });
    const eventId = sent.body.data.event_id as string;
    expect(sent.body.data.deliveries).toBe(1);

    await kit.until(() => retries() === retriesBefore + 1, "first retry scheduled");
    kit.advance(1_000);
    await kit.until(() => retries() === retriesBefore + 2, "second retry scheduled");
    kit.advance(2_000);
    const [sms] = (await kit.sms.sms.waitFor(smsBefore + 1)).slice(smsBefore);
    expect(sms).toMatchObject({ to: "13800000002", text: "Backup failed: disk full" });

    await kit.until(async () => (await logRows(kit, { eventId })).some((r) => r.channel === "sms" && r.status === "sent"), "sms sent");
    const rows = await logRows(kit, { eventId });
    expect(rows.map((r) => `${r.channel}:${r.status}:${r.attempt}`)).toEqual(["email:retry:1", "email:retry:2", "email:failed:3", "sms:sent:1"]);
    expect(rows[0]!.error).toContain("451");
    const sms2 = await kit.s.system.db.get<{ failover_from: string | null }>("SELECT failover_from FROM notify_deliveries WHERE event_id = ? AND channel = 'sms'", [eventId]);
    expect(sms2?.failover_from).toBe(rows[0]!.delivery_id);
  });

  it("fails over at once when a channel cannot reach the user (no IM binding)", async () => {
    const userId = await kit.userId("liuyang");
    const token = await kit.s.login("liuyang");
    await kit.api("PUT", "/notifications/preferences", token, { order: ["im", "email", "push", "sms"], defaults: { channels: { im: "on", push: "off", email: "fallback", sms: "off" } } });
    const mailsBefore = kit.smtp.mail.items.length;
    const sent = await kit.api("POST", "/notify/send", admin, { type: "job.failed", recipients: [userId], data: { title: "Job x failed" } });
    const eventId = sent.body.data.event_id as string;
    const mails = await kit.smtp.mail.waitFor(mailsBefore + 1);
    expect(mails.at(-1)).toMatchObject({ to: ["liuyang@example.com"], subject: "Job x failed" });
    await kit.until(async () => (await logRows(kit, { eventId })).some((r) => r.status === "sent"), "email sent");
    const rows = await logRows(kit, { eventId });
    expect(rows.map((r) => `${r.channel}:${r.status}:${r.attempt}`)).toEqual(["im:failed:1", "email:sent:1"]);
    expect(rows[0]!.error).toBe("notify.no_im_binding");
  });
});
