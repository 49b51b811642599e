import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/** The IM channel end to end: the bot posts the card; its failures are logged and fail over like any channel's. */
let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ slack: true, notify: true });
  await h.bind("slack", "U0000BOB01", "zhangwei");
  // Chat first; e-mail only when chat fails (e-mail is not configured here, so it fails at once).
  const token = await h.login("zhangwei");
  const prefs = await h.req("PUT", "/api/v1/notifications/preferences", { token, body: { order: ["im", "email", "push", "sms"], defaults: { channels: { im: "on", email: "fallback", push: "off", sms: "off" } } } });
  expect(prefs.status).toBe(200);
});
afterAll(async () => {
  await h?.close();
});

const logOf = async (eventId: string) => {
  const admin = await h.login("admin");
  const rows = (await h.req("GET", `/api/v1/notify/logs?event_id=${eventId}&page_size=50&sort=created_at`, { token: admin })).body.data.items;
  // One fixed test clock: order by channel and attempt, not by time.
  return (rows as Array<{ channel: string; status: string; attempt: number; error: string | null }>)
    .sort((a, b) => a.channel.localeCompare(b.channel) || a.attempt - b.attempt)
    .map((r) => `${r.channel}:${r.status}:${r.attempt}`);
};

describe("IM notifications through the bot", () => {
  it("retries a failing chat post with backoff, logs each attempt, then fails over to the next channel", async () => {
    const admin = await h.login("admin");
    const userId = (await h.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = 'zhangwei'"))!.id;
    h.slack!.failNext("chat.postMessage", { error: "fatal_error" }, 3);
    const retried = h.botJob("im-delivery", "retry");
    const sent = await h.req("POST", "/api/v1/notify/send", { token: admin, body: { type: "job.failed", recipients: [userId], data: { title: "备份失败", body: "disk full" } } });
    const eventId = sent.body.data.event_id as string;
    await retried;
    const second = h.botJob("im-delivery", "retry");
    h.advance(30_000);
    await second;
    const failed = h.notifyEvent((e) => e.kind === "attempt" && e.channel === "im" && e.status === "failed", "IM failed");
    const emailTried = h.notifyEvent((e) => e.kind === "attempt" && e.channel === "email", "failover to e-mail");
    h.advance(60_000);
    await failed;
    await emailTried;
    const log = await logOf(eventId);
    expect(log).toEqual(["email:failed:1", "im:sent:1", "im:retry:2", "im:retry:3", "im:failed:4"]);
    const im = await h.system.db.get<{ id: string; status: string }>("SELECT id, status FROM notify_deliveries WHERE event_id = ? AND channel = 'im'", [eventId]);
    expect(im?.status).toBe("failed");
    const email = await h.system.db.get<{ failover_from: string }>("SELECT failover_from FROM notify_deliveries WHERE event_id = ? AND channel = 'email'", [eventId]);
    expect(email?.failover_from).toBe(im!.id);
    expect(h.slack!.messages.items.some((m) => JSON.stringify(m.blocks).includes("备份失败"))).toBe(false);
  });

  it("posts the card on the next attempt when the platform recovers, with nothing failed over", async () => {
    const admin = await h.login("admin");
    const userId = (await h.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = 'zhangwei'"))!.id;
    h.slack!.failNext("chat.postMessage", { error: "fatal_error" }, 1);
    const retried = h.botJob("im-delivery", "retry");
    const sent = await h.req("POST", "/api/v1/notify/send", { token: admin, body: { type: "job.failed", recipients: [userId], data: { title: "同步延迟" } } });
    await retried;
    const posted = h.slack!.messages.waitFor((m) => JSON.stringify(m.blocks).includes("同步延迟"));
    h.advance(30_000);
    const message = await posted;
    expect(message.channel.startsWith("D")).toBe(true);
    await h.settled("im-delivery");
    const log = await logOf(sent.body.data.event_id);
    expect(log).toEqual(["im:sent:1", "im:retry:2"]);
  });
});
