import type { Card } from "@ops/cards";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal, type SlackFake, startSlackFake } from "../../../../scripts/fakes/index.ts";
import type { BotLogger, HttpChatAdapter, Inbound, InboundAction, InboundCommand, InboundSink } from "../../core/port.ts";
import { createSlackAdapter, type SlackConfig } from "./index.ts";

const quiet: BotLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Records every inbound; `journal` lets a test await one (Socket Mode acks events before listeners run). */
function recordingSink(): InboundSink & { got: Inbound[]; journal: Journal<Inbound> } {
  const journal = new Journal<Inbound>("inbounds");
  return { got: journal.items, journal, accept: async (inbound) => (journal.add(inbound), { accepted: true }) };
}

const approvalCard = (title = "Deploy api v42?"): Card => ({
  locale: "en",
  header: { title, tone: "warning" },
  blocks: [
    { type: "markdown", text: "Requested by *alice*" },
    { type: "actions", buttons: [{ kind: "action", text: "Approve", action: "approval.approve", value: { id: "a1" }, style: "primary" }] },
  ],
});

type Harness = { adapter: HttpChatAdapter; sink: ReturnType<typeof recordingSink>; url: string; stop(): Promise<void> };

/** The adapter's route on a loopback server, so the fake delivers over real HTTP within its 3 s window. */
async function harness(fake: SlackFake, extra: Partial<SlackConfig> = {}): Promise<Harness> {
  const adapter = createSlackAdapter({ signingSecret: fake.signingSecret, botToken: fake.botToken, apiUrl: fake.apiUrl, ...extra }, { now: Date.now, logger: quiet });
  const route = adapter.routes[0]!;
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => (new URL(req.url).pathname === route.path ? route.handle(req) : new Response("", { status: 404 })) });
  const sink = recordingSink();
  await adapter.start(sink);
  return {
    adapter,
    sink,
    url: `http://127.0.0.1:${server.port}${route.path}`,
    stop: async () => {
      await adapter.stop();
      await server.stop(true);
    },
  };
}

let fake: SlackFake;
let h: Harness;
beforeEach(async () => {
  fake = await startSlackFake();
  h = await harness(fake);
});
afterEach(async () => {
  await h.stop();
  await fake.stop();
});

describe("Slack adapter over HTTP", () => {
  it("acks a signed slash command in time and hands exactly one command to the sink", async () => {
    const r = await fake.sendSlashCommand(h.url, { command: "/ops", text: " run backup env=prod ", user_id: "U0000ALICE" });
    expect(r).toMatchObject({ status: 200, timedOut: false, text: "" });
    const sent = new URLSearchParams(r.sent.body);
    expect(h.sink.got).toEqual([
      {
        type: "command",
        platform: "slack",
        text: "run backup env=prod",
        eventId: sent.get("trigger_id"),
        user: { id: "U0000ALICE", name: "alice" },
        workspace: { id: "T0000FAKE", name: "fake-team" },
        reply: { platform: "slack", chatId: "C0000OPS1", userId: "U0000ALICE", conversation: "group", handles: { response_url: sent.get("response_url") } },
      },
    ]);
    expect(h.adapter).toMatchObject({ platform: "slack", commandPrefix: "/ops" });
  });

  it("accepts a form body whose content type carries a charset", async () => {
    const first = await fake.sendSlashCommand(h.url, { command: "/ops", text: "whoami" });
    const headers = { ...first.sent.headers, "content-type": "application/x-www-form-urlencoded; charset=utf-8" };
    const res = await fetch(h.url, { method: "POST", headers, body: first.sent.body });
    expect(res.status).toBe(200);
    expect(h.sink.got.map((i) => (i as InboundCommand).text)).toEqual(["whoami", "whoami"]);
  });

  it("refuses a forged signature with 401 and never reaches the sink", async () => {
    const r = await fake.sendSlashCommand(h.url, { command: "/ops", text: "run backup" }, { secret: "not-the-secret" });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: "invalid_signature" });
    const unsigned = await fetch(h.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(unsigned.status).toBe(401);
    expect(h.sink.got).toEqual([]);
  });

  it("refuses timestamps more than 300 s old or ahead", async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const old = await fake.sendSlashCommand(h.url, { command: "/ops" }, { timestamp: nowSec - 301 });
    const ahead = await fake.sendSlashCommand(h.url, { command: "/ops" }, { timestamp: nowSec + 301 });
    expect([old.status, old.json, ahead.status, ahead.json]).toEqual([401, { error: "stale_request" }, 401, { error: "stale_request" }]);
    expect(h.sink.got).toEqual([]);
  });

  it("answers ssl_check unsigned and url_verification with the challenge", async () => {
    const ssl = await fetch(h.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "ssl_check=1&token=x" });
    expect(ssl.status).toBe(200);
    const r = await fake.sendUrlVerification(h.url, "chal-123");
    expect(r).toMatchObject({ status: 200, json: { challenge: "chal-123" } });
    expect(h.sink.got).toEqual([]);
  });

  it("turns an app_mention and its redelivery into commands with the same eventId", async () => {
    const event = { type: "app_mention", user: "U0000BOB01", text: "<@U0000BOT1> run  backup k=a&amp;b", channel: "C0000OPS1", ts: "1.000001" };
    const first = await fake.sendEvent(h.url, event);
    const again = await fake.redeliver(first, { retryNum: 1, retryReason: "http_timeout" });
    expect([first.status, again.status]).toEqual([200, 200]);
    const eventId = (JSON.parse(first.sent.body) as { event_id: string }).event_id;
    expect(h.sink.got).toHaveLength(2);
    for (const inbound of h.sink.got) {
      expect(inbound).toMatchObject({ type: "command", text: "run backup k=a&b", eventId, user: { id: "U0000BOB01" }, reply: { chatId: "C0000OPS1", userId: "U0000BOB01" } });
    }
  });

  it("takes direct messages from people and ignores bot messages and channel chatter", async () => {
    await fake.sendEvent(h.url, { type: "message", channel_type: "im", channel: "D0000ALICE", user: "U0000ALICE", text: "runs backup", ts: "1.1" });
    await fake.sendEvent(h.url, { type: "message", channel_type: "im", channel: "D0000ALICE", user: "U0000BOT1", bot_id: fake.botId, text: "a card", ts: "1.2" });
    await fake.sendEvent(h.url, { type: "message", channel_type: "im", channel: "D0000ALICE", subtype: "message_changed", text: "x", ts: "1.3" });
    await fake.sendEvent(h.url, { type: "message", channel_type: "channel", channel: "C0000OPS1", user: "U0000ALICE", text: "lunch?", ts: "1.4" });
    expect(h.sink.got.map((i) => [i.type === "command" && i.text, i.reply.chatId])).toEqual([["runs backup", "D0000ALICE"]]);
  });

  it("posts a card, decodes a click on it, updates it, and DMs a user", async () => {
    const target = { platform: "slack" as const, chatId: "C0000OPS1", userId: "U0000ALICE", handles: {} };
    const ref = await h.adapter.reply(target, approvalCard());
    expect(ref).toMatchObject({ platform: "slack", chatId: "C0000OPS1" });
    const stored = fake.message("C0000OPS1", ref!.messageId)!;
    expect(stored.text).toContain("Deploy api v42?");
    expect(stored.blocks).toContainEqual({ type: "actions", elements: [expect.objectContaining({ type: "button", action_id: "approval.approve", value: '{"id":"a1"}' })] });

    const click = await fake.sendBlockAction(h.url, { message_ts: ref!.messageId, action_id: "approval.approve", user_id: "U0000BOB01" });
    expect(click.status).toBe(200);
    const action = h.sink.got[0] as InboundAction;
    const sentAction = (JSON.parse(new URLSearchParams(click.sent.body).get("payload")!) as { actions: [{ action_ts: string }]; response_url: string });
    expect(action).toEqual({
      type: "action",
      platform: "slack",
      action: { action: "approval.approve", value: { id: "a1" }, inputs: {} },
      message: { platform: "slack", chatId: "C0000OPS1", messageId: ref!.messageId },
      eventId: `${ref!.messageId}:${sentAction.actions[0].action_ts}`,
      user: { id: "U0000BOB01", name: "bob" },
      workspace: { id: "T0000FAKE", name: "fake-team" },
      reply: { platform: "slack", chatId: "C0000OPS1", userId: "U0000BOB01", conversation: "group", handles: { response_url: sentAction.response_url } },
    });

    await h.adapter.update(action.message!, approvalCard("Approved by bob"));
    expect(stored.history).toHaveLength(1);
    expect(stored.text).toContain("Approved by bob");

    const dm = await h.adapter.sendToUser("U0000BOB01", approvalCard("Your approval is needed"));
    expect(dm).toEqual({ platform: "slack", chatId: "D0000BOB01", messageId: expect.any(String) });
    expect(fake.messagesIn("D0000BOB01").map((m) => m.text)).toEqual([expect.stringContaining("Your approval is needed")]);
  });

  it("falls back to the response_url when the bot may not post in the command's channel", async () => {
    await fake.sendSlashCommand(h.url, { command: "/ops", text: "help", channel_id: "C0NOTJOINED" });
    const command = h.sink.got[0]!;
    expect(await h.adapter.reply(command.reply, approvalCard("Help"))).toBeNull();
    expect(fake.messagesIn("C0NOTJOINED")).toEqual([expect.objectContaining({ via: "response_url", text: expect.stringContaining("Help") })]);
    await expect(h.adapter.reply({ ...command.reply, handles: {} }, approvalCard())).rejects.toMatchObject({ data: { error: "channel_not_found" } });
  });

  it("answers 500 (so Slack retries) when the sink fails", async () => {
    const failing = await harness(fake);
    try {
      await failing.adapter.start({ accept: async () => Promise.reject(new Error("queue down")) });
      const r = await fake.sendEvent(failing.url, { type: "app_mention", user: "U0000ALICE", text: "<@U0000BOT1> help", channel: "C0000OPS1" });
      expect(r.status).toBe(500);
    } finally {
      await failing.stop();
    }
  });
});

describe("Slack adapter over Socket Mode", () => {
  it("acks a slash command by envelope_id after handing one command to the sink", async () => {
    const socketed = await harness(fake, { appToken: fake.appToken });
    try {
      expect(fake.socketConnections.items.filter((c) => c.open)).toHaveLength(1);
      // readiness of the bot role: connected once start() resolved (Slack's hello arrived)
      expect(socketed.adapter.connected?.()).toBe(true);
      const ack = await fake.pushSlashCommand({ command: "/ops", text: "run backup", user_id: "U0000BOB01" });
      expect(ack.envelope_id).toMatch(/^fake-env-/);
      expect(socketed.sink.got).toEqual([expect.objectContaining({ type: "command", text: "run backup", user: { id: "U0000BOB01", name: "bob" } })]);
      const mention = await fake.pushEvent({ type: "app_mention", user: "U0000ALICE", text: "<@U0000BOT1> whoami", channel: "C0000OPS1" }, { eventId: "Ev0SOCKET1" });
      expect(mention.envelope_id).toMatch(/^fake-env-/);
      await fake.pushEvent({ type: "app_mention", user: "U0000ALICE", text: "<@U0000BOT1> whoami", channel: "C0000OPS1" }, { eventId: "Ev0SOCKET1", retryAttempt: 1, retryReason: "timeout" });
      await socketed.sink.journal.waitFor(() => socketed.sink.got.length === 3);
      expect(socketed.sink.got.slice(1).map((i) => i.eventId)).toEqual(["Ev0SOCKET1", "Ev0SOCKET1"]);
      const ref = await socketed.adapter.reply(socketed.sink.got[0]!.reply, approvalCard());
      await fake.pushBlockAction({ message_ts: ref!.messageId, action_id: "approval.approve" });
      expect(socketed.sink.got[3]).toMatchObject({ type: "action", action: { action: "approval.approve", value: { id: "a1" } }, message: ref });
    } finally {
      await socketed.stop();
    }
    await fake.socketClosed.waitFor();
    expect(socketed.adapter.connected?.()).toBe(false);
  });
});
