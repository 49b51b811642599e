import { approvalCard } from "@ops/cards";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FeishuFake, startFeishuFake } from "../../../../scripts/fakes/index.ts";
import type { BotLogger, HttpChatAdapter, Inbound, InboundAction, MessageRef } from "../../core/port.ts";
import { createFeishuAdapter, type FeishuConfig } from "./index.ts";

const ENCRYPT_KEY = "ops-test-encrypt-key";
const NOW = Date.UTC(2026, 10, 29, 8, 0, 0);
const quiet: BotLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const pending = approvalCard({ id: "apv_1", title: "Deploy api", requester: "alice", submittedAt: "2026-11-23T07:04:05Z", status: "pending" }, "en");
const rejected = approvalCard({ id: "apv_1", title: "Deploy api", requester: "alice", submittedAt: "2026-11-23T07:04:05Z", status: "rejected", decidedBy: "bob", decidedAt: "2026-11-23T08:00:00Z", comment: "not now" }, "en");

type Harness = { fake: FeishuFake; adapter: HttpChatAdapter; inbound: Inbound[]; url: string; stop(): Promise<void> };

/** The fake, an adapter pointed at it, a recording sink, and the adapter's routes served on loopback. */
async function harness(encryptKey: string | undefined, overrides: Partial<FeishuConfig> = {}): Promise<Harness> {
  const fake = await startFeishuFake({ ...(encryptKey ? { encryptKey } : {}), now: () => NOW });
  const config: FeishuConfig = { appId: fake.appId, appSecret: fake.appSecret, verificationToken: fake.verificationToken, domain: fake.url, ...(encryptKey ? { encryptKey } : {}), ...overrides };
  const adapter = createFeishuAdapter(config, { now: () => NOW, logger: quiet, appUrl: "https://ops.example" });
  const inbound: Inbound[] = [];
  await adapter.start({ accept: async (i) => (inbound.push(i), { accepted: true }) });
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (req) => adapter.routes.find((r) => r.path === new URL(req.url).pathname && r.method === req.method)?.handle(req) ?? new Response("no route", { status: 404 }),
  });
  const stop = async () => {
    await adapter.stop();
    await server.stop(true);
    await fake.stop();
  };
  return { fake, adapter, inbound, url: `http://127.0.0.1:${server.port}`, stop };
}

async function postCard(h: Harness): Promise<MessageRef> {
  const ref = await h.adapter.reply({ platform: "feishu", chatId: "oc_fake_ops", userId: "ou_fake_alice", handles: {} }, pending);
  if (!ref) throw new Error("reply() gave no MessageRef");
  return ref;
}

describe.each([
  { label: "encrypted and signed", encryptKey: ENCRYPT_KEY },
  { label: "plaintext with verification token", encryptKey: undefined },
])("Feishu adapter over HTTP ($label)", ({ encryptKey }) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(encryptKey);
  });
  afterEach(() => h.stop());

  it("translates a message event without its mention placeholder; a redelivery keeps the eventId", async () => {
    const first = await h.fake.sendMessageEvent(`${h.url}/bot/feishu/events`, { text: "run backup", mentionBot: true, open_id: "ou_fake_alice" });
    expect([first.status, first.json]).toEqual([200, {}]);
    if (encryptKey) expect(Object.keys(JSON.parse(first.sent.body))).toEqual(["encrypt"]);
    expect(h.inbound).toEqual([
      {
        platform: "feishu",
        type: "command",
        eventId: expect.stringMatching(/^fake_ev_/),
        user: { id: "ou_fake_alice" },
        text: "run backup",
        sentAt: expect.any(Number),
        workspace: { id: "fake_tenant_key" },
        reply: { platform: "feishu", chatId: "oc_fake_ops", userId: "ou_fake_alice", conversation: "group", handles: { message_id: expect.stringMatching(/^om_/), chat_type: "group" } },
      },
    ]);
    const again = await h.fake.redeliver(first);
    expect(again.status).toBe(200);
    expect(h.inbound.map((i) => i.eventId)).toEqual([h.inbound[0]!.eventId, h.inbound[0]!.eventId]);
  });

  it("answers the url_verification challenge", async () => {
    const r = await h.fake.sendUrlVerification(`${h.url}/bot/feishu/events`, "ch-42");
    expect([r.status, r.json]).toEqual([200, { challenge: "ch-42" }]);
    expect(h.inbound).toEqual([]);
  });

  it("posts a card, turns new and legacy clicks into actions, then PATCHes the card", async () => {
    const ref = await postCard(h);
    expect(ref).toEqual({ platform: "feishu", chatId: "oc_fake_ops", messageId: expect.stringMatching(/^om_/) });
    const stored = h.fake.message(ref.messageId)!;
    expect(stored.msg_type).toBe("interactive");
    expect(h.fake.card(ref.messageId)).toMatchObject({ schema: "2.0", config: { update_multi: true } });

    const input = { message_id: ref.messageId, button_text: "Reject", open_id: "ou_fake_bob", form_value: { comment: "not now" } };
    const viaCards = await h.fake.sendCardAction(`${h.url}/bot/feishu/cards`, input);
    const viaEvents = await h.fake.sendCardAction(`${h.url}/bot/feishu/events`, input);
    const legacy = await h.fake.sendCardAction(`${h.url}/bot/feishu/cards`, input, { legacy: true });
    for (const r of [viaCards, viaEvents, legacy]) expect([r.status, r.json]).toEqual([200, {}]);

    const expected = (token: string): Partial<InboundAction> => ({
      platform: "feishu",
      type: "action",
      user: { id: "ou_fake_bob" },
      action: { action: "approval.reject", value: { id: "apv_1" }, inputs: { comment: "not now" } },
      message: { platform: "feishu", chatId: "oc_fake_ops", messageId: ref.messageId },
      reply: { platform: "feishu", chatId: "oc_fake_ops", userId: "ou_fake_bob", handles: { token } },
    });
    expect(h.inbound).toEqual([
      { ...expected(viaCards.token), eventId: expect.stringMatching(/^fake_ev_/) },
      { ...expected(viaEvents.token), eventId: expect.stringMatching(/^fake_ev_/) },
      { ...expected(legacy.token), eventId: `legacy:${legacy.token}` },
    ]);
    // The `{}` answers kept the card; the core's update replaces it for everyone.
    expect(stored.history).toEqual([]);
    await h.adapter.update(ref, rejected);
    expect(stored.history.map((v) => v.via)).toEqual(["patch"]);
    expect(h.fake.card(ref.messageId)).toMatchObject({ header: { subtitle: { content: expect.stringContaining("rejected") } } });
  });

  it("sends a card to one user by open_id", async () => {
    const ref = await h.adapter.sendToUser("ou_fake_bob", pending);
    expect(ref).toEqual({ platform: "feishu", chatId: "oc_p2p_fake_bob", messageId: expect.stringMatching(/^om_/) });
    expect(h.fake.calls.items.find((c) => c.path === "/open-apis/im/v1/messages")?.query).toEqual({ receive_id_type: "open_id" });
  });

  it("refuses a forged legacy callback (and accepts a non-numeric timestamp when signed)", async () => {
    const ref = await postCard(h);
    const input = { message_id: ref.messageId, button_text: "Approve" };
    const forged = await h.fake.sendCardAction(`${h.url}/bot/feishu/cards`, input, { legacy: true, signature: "f".repeat(40) });
    expect([forged.status, forged.json]).toEqual([401, { code: 401, msg: "invalid signature" }]);
    expect(h.inbound).toEqual([]);
    const goDate = await h.fake.sendCardAction(`${h.url}/bot/feishu/cards`, input, { legacy: true, timestamp: "Monday, 14-Nov-22 15:53:37 CST" });
    expect(goDate.status).toBe(200);
    expect(h.inbound).toHaveLength(1);
  });

  it("surfaces open API errors with Feishu's code and without the bearer token", async () => {
    const error = await h.adapter.reply({ platform: "feishu", chatId: "oc_elsewhere", userId: "ou_fake_alice", handles: {} }, pending).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "bot.feishu_api_failed", params: { op: "im.message.create", code: 230002 } });
    expect(JSON.stringify(error)).not.toContain("t-fake");
  });
});

describe("Feishu adapter refusals", () => {
  const refused = (r: { status: number; json: unknown }, msg = "invalid signature") => expect([r.status, r.json]).toEqual([401, { code: 401, msg }]);

  it("refuses forged signatures, another key, stale timestamps and unsigned events", async () => {
    const h = await harness(ENCRYPT_KEY);
    try {
      const target = `${h.url}/bot/feishu/events`;
      refused(await h.fake.sendMessageEvent(target, { text: "x" }, { signature: "0".repeat(64) }));
      refused(await h.fake.sendMessageEvent(target, { text: "x" }, { encryptKey: "another-key" }));
      refused(await h.fake.sendUrlVerification(target, "ch", { encryptKey: "another-key" }));
      const stale = String(Math.floor(NOW / 1000) - 301);
      refused(await h.fake.sendMessageEvent(target, { text: "x" }, { timestamp: stale }), "stale request");
      refused(await h.fake.sendMessageEvent(target, { text: "x" }, { timestamp: String(Math.floor(NOW / 1000) + 301) }), "stale request");
      const ref = await postCard(h);
      refused(await h.fake.sendCardAction(`${h.url}/bot/feishu/cards`, { message_id: ref.messageId, button_text: "Approve" }, { timestamp: stale }), "stale request");
      // A signed but unencrypted event is fine; an unsigned one (only the challenge may be) is not.
      const sealed = await h.fake.sendMessageEvent(target, { text: "plain" }, { encrypt: false });
      expect(sealed.status).toBe(200);
      refused(await fetch(target, { method: "POST", body: sealed.sent.body }).then(async (r) => ({ status: r.status, json: await r.json() })));
      expect(h.inbound.map((i) => (i.type === "command" ? i.text : i.type))).toEqual(["plain"]);
    } finally {
      await h.stop();
    }
  });

  it("refuses a wrong verification token without an encrypt key", async () => {
    const h = await harness(undefined, { verificationToken: "our-other-token" });
    try {
      refused(await h.fake.sendMessageEvent(`${h.url}/bot/feishu/events`, { text: "x" }));
      refused(await h.fake.sendUrlVerification(`${h.url}/bot/feishu/events`, "ch"));
      const ref = await postCard(h);
      refused(await h.fake.sendCardAction(`${h.url}/bot/feishu/cards`, { message_id: ref.messageId, button_text: "Approve" }));
      refused(await h.fake.sendCardAction(`${h.url}/bot/feishu/cards`, { message_id: ref.messageId, button_text: "Approve" }, { legacy: true }));
      expect(h.inbound).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});

describe("Feishu adapter routes, driven directly", () => {
  const config = { appId: "cli_fa6e000000000001", appSecret: "s", verificationToken: "vt", domain: "http://127.0.0.1:9" };
  const deps = { now: () => NOW, logger: quiet };
  const envelope = (sender_type: string, message_type: string, content: string) => ({
    schema: "2.0",
    header: { event_id: "ev_1", event_type: "im.message.receive_v1", token: "vt", create_time: String(NOW) },
    event: {
      sender: { sender_id: { open_id: "ou_x" }, sender_type },
      message: { message_id: "om_1", chat_id: "oc_1", chat_type: "p2p", message_type, content },
    },
  });
  const post = (a: HttpChatAdapter, body: unknown) =>
    a.routes.find((r) => r.path === "/bot/feishu/events")!.handle(new Request("http://bot/bot/feishu/events", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) }));

  it("ignores bot senders and non-text messages, and strips every mention placeholder", async () => {
    const adapter = createFeishuAdapter(config, deps);
    const inbound: Inbound[] = [];
    await adapter.start({ accept: async (i) => (inbound.push(i), { accepted: false }) });
    for (const body of [envelope("bot", "text", '{"text":"run x"}'), envelope("user", "image", '{"image_key":"img_1"}')]) {
      const r = await post(adapter, body);
      expect([r.status, await r.json()]).toEqual([200, {}]);
    }
    expect(inbound).toEqual([]);
    // A duplicate (accepted: false) is still acknowledged: Feishu must stop re-pushing it.
    const r = await post(adapter, envelope("user", "text", '{"text":"@_user_1 approve apv_1 @_user_2 ok"}'));
    expect(r.status).toBe(200);
    expect(inbound).toMatchObject([{ eventId: "ev_1", text: "approve apv_1 ok", reply: { chatId: "oc_1", handles: { message_id: "om_1", chat_type: "p2p" } } }]);
  });

  it("refuses garbage with 401 and answers 503 before start()", async () => {
    const adapter = createFeishuAdapter(config, deps);
    const garbage = await post(adapter, "not json");
    expect([garbage.status, await garbage.json()]).toEqual([401, { code: 401, msg: "invalid signature" }]);
    const early = await post(adapter, envelope("user", "text", '{"text":"x"}'));
    expect(early.status).toBe(503);
  });

  it("will not run a webhook without any secret to check", () => {
    expect(() => createFeishuAdapter({ appId: "cli_x", appSecret: "s" }, deps)).toThrow(/VERIFICATION_TOKEN/);
  });
});

describe("Feishu adapter over the long connection (ws mode)", () => {
  it("receives messages and card clicks through WSClient, acks with {} and translates them", async () => {
    const h = await harness(undefined, { mode: "ws", verificationToken: undefined });
    try {
      const conn = await h.fake.wsConnections.waitFor();
      await h.fake.wsPings.waitFor();
      const pushed = h.fake.pushMessageEvent({ text: "deploy api", mentionBot: true, open_id: "ou_fake_alice" });
      expect(await pushed.ack).toMatchObject({ code: 200, messageId: pushed.messageId, result: {} });
      expect(h.inbound).toMatchObject([{ type: "command", text: "deploy api", user: { id: "ou_fake_alice" }, eventId: expect.stringMatching(/^fake_ev_/) }]);
      // readiness of the bot role: the long connection is open
      expect(h.adapter.connected?.()).toBe(true);

      const ref = await postCard(h);
      const click = h.fake.pushCardAction({ message_id: ref.messageId, button_text: "Approve", open_id: "ou_fake_bob" });
      expect(await click.ack).toMatchObject({ code: 200, result: {} });
      expect(h.inbound[1]).toMatchObject({
        type: "action",
        action: { action: "approval.approve", value: { id: "apv_1" } },
        message: { chatId: "oc_fake_ops", messageId: ref.messageId },
        reply: { userId: "ou_fake_bob", handles: { token: click.token } },
      });
      await h.adapter.stop();
      expect(h.adapter.connected?.()).toBe(false);
      // The fake flips `open` on close without journaling it: poll that flag (bounded) instead of sleeping.
      await expect.poll(() => conn.open).toBe(false);
    } finally {
      await h.stop();
    }
  });
});
