import { App, LogLevel, verifySlackRequest } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal, serveFake, type HttpFake } from "./chat-server.ts";
import { slackSignature } from "./signing/slack.ts";
import { type SlackFake, startSlackFake } from "./slack.ts";

let fake: SlackFake;
beforeEach(async () => {
  fake = await startSlackFake();
});
afterEach(() => fake.stop());

/** A bare receiver that records raw requests, to check the wire format with the SDK's verifier. */
async function recorder(answer: () => Response = () => new Response("")): Promise<HttpFake & { got: Journal<{ headers: Record<string, string>; body: string }> }> {
  const got = new Journal<{ headers: Record<string, string>; body: string }>("received");
  const http = await serveFake({
    fetch: async (req) => {
      got.add({ headers: Object.fromEntries(req.headers.entries()), body: await req.text() });
      return answer();
    },
  });
  return { ...http, got };
}

function verify(secret: string, r: { headers: Record<string, string>; body: string }, nowMs?: number): void {
  verifySlackRequest({
    signingSecret: secret,
    body: r.body,
    headers: { "x-slack-signature": r.headers["x-slack-signature"] ?? "", "x-slack-request-timestamp": Number(r.headers["x-slack-request-timestamp"]) },
    nowMilliseconds: nowMs,
  });
}

describe("Slack signing", () => {
  it("matches the worked example in Slack's documentation", () => {
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(slackSignature("8f742231b10e8888abcd99yyyzzz85a5", 1531420618, body)).toBe("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
  });

  it("sends bodies that Bolt's verifySlackRequest accepts, and forged or stale ones it rejects", async () => {
    const target = await recorder();
    try {
      await fake.sendSlashCommand(target.url, { command: "/ops", text: "run backup now" });
      await fake.sendBlockAction(target.url, { message_ts: "1.000001", action_id: "approve", value: "req-1" });
      await fake.sendEvent(target.url, { type: "app_mention", text: "hi" }, { retryNum: 2, retryReason: "http_timeout" });
      await fake.sendSlashCommand(target.url, { command: "/ops" }, { secret: "wrong-secret" });
      await fake.sendSlashCommand(target.url, { command: "/ops" }, { timestamp: Math.floor(Date.now() / 1000) - 301 });
      const [command, action, event, forged, stale] = target.got.items;
      for (const r of [command, action, event]) expect(() => verify(fake.signingSecret, r!)).not.toThrow();
      expect(command!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(Object.fromEntries(new URLSearchParams(command!.body))).toMatchObject({ command: "/ops", text: "run backup now", team_id: fake.teamId, api_app_id: fake.appId });
      expect(JSON.parse(new URLSearchParams(action!.body).get("payload")!)).toMatchObject({ type: "block_actions", actions: [{ action_id: "approve", value: "req-1" }] });
      expect(event!.headers).toMatchObject({ "content-type": "application/json", "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" });
      expect(JSON.parse(event!.body)).toMatchObject({ type: "event_callback", event: { type: "app_mention" }, event_id: expect.stringMatching(/^Ev/) });
      expect(() => verify(fake.signingSecret, forged!)).toThrow(/signature mismatch/);
      expect(() => verify(fake.signingSecret, stale!)).toThrow(/stale/);
    } finally {
      await target.stop();
    }
  });

  it("can be driven by hand over /_fake/* (curl)", async () => {
    const target = await recorder();
    try {
      const r = await fetch(`${fake.url}/_fake/slash`, { method: "POST", body: JSON.stringify({ target: target.url, command: "/ops", text: "status" }) });
      expect(await r.json()).toMatchObject({ status: 200, timedOut: false });
      expect(() => verify(fake.signingSecret, target.got.items[0]!)).not.toThrow();
      const state = await (await fetch(`${fake.url}/_fake/state`)).json();
      expect(state).toEqual({ messages: [], ephemerals: [], responses: [], views: [] });
      expect((await fetch(`${fake.url}/_fake/nope`)).status).toBe(404);
    } finally {
      await target.stop();
    }
  });

  it("reports a target that misses the 3 s ack window as timed out", async () => {
    const target = await recorder();
    const never = await serveFake({ fetch: () => new Promise<Response>(() => undefined) });
    try {
      const r = await fake.sendSlashCommand(never.url, { command: "/ops" }, { ackWindowMs: 50 });
      expect(r).toMatchObject({ status: 0, timedOut: true });
    } finally {
      await never.stop();
      await target.stop();
    }
  });
});

describe("Slack Web API stand-in with the real WebClient", () => {
  // The SDK logs `response_metadata.messages` as errors; the assertions below check them instead.
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, setLevel: () => undefined, getLevel: () => LogLevel.ERROR, setName: () => undefined };
  const client = () => new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
  const blocks = (n: number) => Array.from({ length: n }, (_, i) => ({ type: "section", text: { type: "mrkdwn", text: `row ${i}` } }));

  it("answers auth.test, posts and updates messages, keeping their history", async () => {
    const web = client();
    expect(await web.auth.test()).toMatchObject({ ok: true, user_id: fake.botUserId, bot_id: fake.botId, team_id: fake.teamId });
    const posted = await web.chat.postMessage({ channel: "C0000OPS1", text: "Deploy?", blocks: blocks(2) });
    expect(posted).toMatchObject({ ok: true, channel: "C0000OPS1", message: { text: "Deploy?", bot_id: fake.botId } });
    const updated = await web.chat.update({ channel: "C0000OPS1", ts: posted.ts!, text: "Deployed" });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: "Deployed" });
    const stored = fake.message("C0000OPS1", posted.ts!)!;
    expect(stored.blocks).toHaveLength(2);
    expect(stored.history).toEqual([{ text: "Deploy?", blocks: blocks(2), via: "chat.postMessage" }]);
    expect(fake.calls.items.map((c) => c.method)).toEqual(["auth.test", "chat.postMessage", "chat.update"]);
    expect(fake.calls.items[1]!.args.blocks).toEqual(blocks(2));
  });

  it("answers errors the way Slack does", async () => {
    const bad = new WebClient("xoxb-wrong", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(bad.auth.test()).rejects.toMatchObject({ data: { ok: false, error: "invalid_auth" } });
    const web = client();
    await expect(web.chat.postMessage({ channel: "C0NOWHERE", text: "x" })).rejects.toMatchObject({ data: { error: "channel_not_found" } });
    await expect(web.chat.postMessage({ channel: "C0000OPS1", text: "x", blocks: blocks(51) })).rejects.toMatchObject({
      data: { error: "invalid_blocks", errors: ["no more than 50 items allowed [json-pointer:/blocks]"] },
    });
    await expect(web.chat.postMessage({ channel: "C0000OPS1", text: "x".repeat(40_001) })).rejects.toMatchObject({ data: { error: "msg_too_long" } });
    await expect(web.chat.update({ channel: "C0000OPS1", ts: "1.000009", text: "x" })).rejects.toMatchObject({ data: { error: "message_not_found" } });
    await expect(web.views.open({ trigger_id: "nope", view: { type: "modal", title: { type: "plain_text", text: "T" }, blocks: [] } })).rejects.toMatchObject({
      data: { error: "invalid_trigger_id" },
    });
    fake.failNext("chat.postMessage", { error: "ratelimited" });
    await expect(web.chat.postMessage({ channel: "C0000OPS1", text: "x" })).rejects.toMatchObject({ data: { error: "ratelimited" } });
    expect(fake.messages.items).toHaveLength(0);
  });

  it("opens modals for fresh trigger ids, posts ephemerals, looks up users and DMs", async () => {
    const web = client();
    const view = await web.views.open({ trigger_id: fake.newTriggerId(), view: { type: "modal", callback_id: "cfg", title: { type: "plain_text", text: "Config" }, blocks: [] } });
    expect(view.view).toMatchObject({ id: expect.stringMatching(/^V/), callback_id: "cfg", state: { values: {} } });
    expect(await web.chat.postEphemeral({ channel: "C0000OPS1", user: "U0000ALICE", text: "only you" })).toMatchObject({ ok: true });
    expect(fake.ephemerals.items[0]).toMatchObject({ user: "U0000ALICE", text: "only you" });
    expect(await web.users.info({ user: "U0000BOB01" })).toMatchObject({ user: { name: "bob", profile: { email: "bob@example.com" } } });
    const dm = await web.chat.postMessage({ channel: "U0000BOB01", text: "hi" });
    expect(dm.channel).toBe("D0000BOB01");
  });
});

describe("Slack whole path with a real Bolt app", () => {
  let app: App;
  let target: string;
  let mentions: Journal<{ retryNum?: number }>;

  beforeEach(async () => {
    mentions = new Journal("mentions");
    app = new App({
      token: fake.botToken,
      signingSecret: fake.signingSecret,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command("/ops", async ({ ack, command, client }) => {
      await ack({ response_type: "ephemeral", text: `Starting ${command.text}…` });
      await client.chat.postMessage({
        channel: command.channel_id,
        text: "Approve deploy?",
        blocks: [
          { type: "section", text: { type: "mrkdwn", text: "*Approve deploy?*" } },
          { type: "actions", block_id: "decide", elements: [{ type: "button", action_id: "approve", value: "req-42", text: { type: "plain_text", text: "Approve" } }] },
        ],
      });
    });
    app.action("approve", async ({ ack, body, client, respond }) => {
      await ack();
      if (body.type !== "block_actions" || !body.message || !body.channel) throw new Error("unexpected payload");
      const value = body.actions[0]?.type === "button" ? body.actions[0].value : undefined;
      await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: `Approved ${value} by <@${body.user.id}>`, blocks: [] });
      await respond({ response_type: "ephemeral", text: "Recorded your approval" });
    });
    app.event("app_mention", async ({ context }) => {
      mentions.add({ retryNum: context.retryNum });
    });
    const server = (await app.start(0)) as unknown as { address(): AddressInfo };
    target = `http://127.0.0.1:${server.address().port}/slack/events`;
  });
  afterEach(() => app.stop());

  it("signed slash command → ack → card posted → signed click → card updated for everyone", async () => {
    const ack = await fake.sendSlashCommand(target, { command: "/ops", text: "deploy api", user_id: "U0000ALICE" });
    expect(ack.status).toBe(200);
    expect(ack.json).toEqual({ response_type: "ephemeral", text: "Starting deploy api…" });
    expect(fake.ephemerals.items[0]).toMatchObject({ user: "U0000ALICE", via: "ack" });
    const card = await fake.messages.waitFor((m) => m.text === "Approve deploy?");

    const click = await fake.sendBlockAction(target, { channel_id: card.channel, message_ts: card.ts, action_id: "approve", user_id: "U0000BOB01" });
    expect(click.status).toBe(200);
    const edited = await fake.edits.waitFor((m) => m.ts === card.ts);
    expect(edited).toMatchObject({ text: "Approved req-42 by <@U0000BOB01>", blocks: [], history: [{ text: "Approve deploy?" }] });
    const reply = await fake.responses.waitFor((r) => r.via === "response_url");
    expect(reply).toMatchObject({ status: 200, body: { text: "Recorded your approval" } });
    expect(fake.ephemerals.items.at(-1)).toMatchObject({ user: "U0000BOB01", text: "Recorded your approval" });
  });

  it("is refused by Bolt when forged, and reaches the app again on a redelivery", async () => {
    const forged = await fake.sendSlashCommand(target, { command: "/ops", text: "x" }, { secret: "not-the-secret" });
    expect(forged.status).toBe(401);
    const first = await fake.sendEvent(target, { type: "app_mention", user: "U0000ALICE", text: "<@U0000BOT1> hi", channel: "C0000OPS1" });
    const again = await fake.redeliver(first, { retryNum: 1, retryReason: "http_timeout" });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.sent.body).toBe(first.sent.body);
    await mentions.waitFor((m) => m.retryNum === 1);
    expect(mentions.items).toEqual([{ retryNum: undefined }, { retryNum: 1 }]);
    expect(fake.messages.items).toHaveLength(0);
  });

  it("answers Slack's url_verification challenge through Bolt", async () => {
    const r = await fake.sendUrlVerification(target, "abc123");
    expect(r.json).toEqual({ challenge: "abc123" });
  });
});
