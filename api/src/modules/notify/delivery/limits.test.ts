import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";

/** Email only, so each send is one delivery on one channel. */
const EMAIL_ONLY = { defaults: { channels: { im: "off", push: "off", email: "on", sms: "off" } } };

describe("rate limit, blacklist and unsubscribe", () => {
  let kit: NotifyKit;
  let admin: string;
  beforeAll(async () => {
    kit = await createNotifyKit({ options: { ratePerMinute: 2 } });
    admin = await kit.s.login("admin");
  });
  afterAll(() => kit?.close());

  it("defers a recipient's sends beyond the per-minute limit to the next window", async () => {
    const userId = await kit.userId("lina");
    await kit.api("PUT", "/notifications/preferences", await kit.s.login("lina"), EMAIL_ONLY);
    const send = (n: number) => kit.api("POST", "/notify/send", admin, { type: "job.done", recipients: [userId], data: { title: `done ${n}` } });
    for (const n of [1, 2, 3]) await send(n);
    const count = (status: string) => kit.s.system.db.get<{ c: number }>(
      "SELECT CAST(COUNT(*) AS INTEGER) AS c FROM notify_send_log WHERE user_id = ? AND status = ?", [userId, status]);
    await kit.until(async () => Number((await count("sent"))?.c) === 2 && Number((await count("deferred"))?.c) === 1, "two sent, one deferred");
    expect(kit.smtp.mail.items.filter((m) => m.to[0] === "lina@example.com")).toHaveLength(2);

    kit.advance(60_000);
    await kit.until(async () => Number((await count("sent"))?.c) === 3, "the deferred one sent in the next minute");
    const subjects = kit.smtp.mail.items.filter((m) => m.to[0] === "lina@example.com").map((m) => m.subject);
    expect(subjects.sort()).toEqual(["done 1", "done 2", "done 3"]);
    const deferred = (await logRows(kit, { userId })).find((r) => r.status === "deferred");
    expect(deferred?.error).toBe("notify.rate_limited");
  });

  it("blocks a blacklisted address even for critical notifications, and unblocks on removal", async () => {
    const userId = await kit.userId("wangfang");
    await kit.api("PUT", "/notifications/preferences", await kit.s.login("wangfang"), EMAIL_ONLY);
    const added = await kit.api("POST", "/notify/blacklist", admin, { address: "WangFang@example.com", channel: "email", reason: "bounced" });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ address: "wangfang@example.com", channel: "email", type: "*" });
    expect((await kit.api("POST", "/notify/blacklist", admin, { channel: "email" })).status).toBe(400);

    const sent = await kit.api("POST", "/notify/send", admin, { type: "alert.fired", recipients: [userId], critical: true, data: { title: "blocked?" } });
    const rows = await logRows(kit, { eventId: sent.body.data.event_id });
    expect(rows.filter((r) => r.channel === "email").map((r) => r.status)).toEqual(["blocked"]);

    expect((await kit.api("DELETE", `/notify/blacklist/${added.body.data.id}`, admin)).status).toBe(200);
    const again = await kit.api("POST", "/notify/send", admin, { type: "alert.fired", recipients: [userId], data: { title: "after unblock" } });
    await kit.until(async () => (await logRows(kit, { eventId: again.body.data.event_id })).some((r) => r.status === "sent"), "sent after unblock");
    expect(kit.smtp.mail.items.some((m) => m.subject === "after unblock")).toBe(true);
    expect(kit.smtp.mail.items.some((m) => m.subject === "blocked?")).toBe(false);
  });

  it("follows the unsubscribe link of an email: that type stops on email, others still arrive", async () => {
    const userId = await kit.userId("liuyang");
    await kit.api("PUT", "/notifications/preferences", await kit.s.login("liuyang"), EMAIL_ONLY);
    const first = await kit.api("POST", "/notify/send", admin, { type: "report.daily", recipients: [userId], data: { title: "daily 1" } });
    await kit.until(() => kit.smtp.mail.items.some((m) => m.subject === "daily 1"), "first daily report");
    const mail = kit.smtp.mail.items.find((m) => m.subject === "daily 1")!;
    const link = mail.text.match(/https:\/\/ops\.example\.com(\/api\/v1\/notifications\/unsubscribe\?token=[\w.-]+)/)?.[1];
    expect(link, mail.text).toBeTruthy();
    expect(mail.headers["list-unsubscribe"]).toBe(`<https://ops.example.com${link}>`);

    expect((await kit.s.req("GET", link!.slice(0, -1) + (link!.endsWith("x") ? "y" : "x"))).status).toBe(400);
    const r = await kit.s.req("GET", link!);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ type: "report.daily", channel: "email" });
    expect(first.status).toBe(201);

    const blocked = await kit.api("POST", "/notify/send", admin, { type: "report.daily", recipients: [userId], data: { title: "daily 2" } });
    expect((await logRows(kit, { eventId: blocked.body.data.event_id })).map((x) => x.status)).toEqual(["blocked"]);
    const other = await kit.api("POST", "/notify/send", admin, { type: "job.failed", recipients: [userId], data: { title: "still arrives" } });
    await kit.until(async () => (await logRows(kit, { eventId: other.body.data.event_id })).some((x) => x.status === "sent"), "other type sent");
    const list = await kit.api("GET", `/notify/blacklist?user_id=${userId}`, admin);
    expect(list.body.data.items).toMatchObject([{ user_id: userId, channel: "email", type: "report.daily", reason: "unsubscribe" }]);
  });
});
