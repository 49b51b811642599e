import * as lark from "@larksuiteoapi/node-sdk";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal } from "./chat-server.ts";
import { type FeishuFake, startFeishuFake } from "./feishu.ts";
import { larkDecrypt, larkEncrypt } from "./signing/feishu.ts";

const ENCRYPT_KEY = "fake-encrypt-key-0123";
// LoggerLevel.fatal is 0, which the SDK reads as "unset" and replaces with info: silence it with a logger instead.
const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined, trace: () => undefined };

const approvalCard = {
  schema: "2.0",
  header: { title: { tag: "plain_text", content: "Approve deploy?" }, template: "blue" },
  body: {
    elements: [
      { tag: "button", name: "approve_btn", text: { tag: "plain_text", content: "Approve" }, type: "primary", behaviors: [{ type: "callback", value: { action: "approve", req: "42" } }] },
    ],
  },
};
const doneCard = (who: string) => ({ schema: "2.0", header: { title: { tag: "plain_text", content: `Approved by ${who}` }, template: "green" }, body: { elements: [] } });

function sdkClient(fake: FeishuFake): lark.Client {
  // Its own token cache: the SDK's default cache is process-wide and keyed by app id only.
  return new lark.Client({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url, cache: new lark.DefaultCache(), logger: quiet });
}

/** A node:http app using the SDK's own adapter, as an HTTP-mode Feishu bot would. */
async function sdkApp(routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const route = routes[req.url ?? ""];
    if (route) void route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("Feishu encryption", () => {
  it("decrypts the official test vector and round-trips with the SDK's AESCipher", () => {
    expect(larkDecrypt("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=")).toBe("hello world");
    expect(new lark.AESCipher("test key").decrypt("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=")).toBe("hello world");
    const sealed = larkEncrypt(ENCRYPT_KEY, '{"a":"设备"}', Buffer.alloc(16, 7));
    expect(new lark.AESCipher(ENCRYPT_KEY).decrypt(sealed)).toBe('{"a":"设备"}');
  });
});

describe("Feishu open API stand-in with the real node SDK Client", () => {
  let fake: FeishuFake;
  beforeEach(async () => {
    fake = await startFeishuFake();
  });
  afterEach(() => fake.stop());

  it("issues a tenant token, then sends, patches and replies to cards", async () => {
    const client = sdkClient(fake);
    const sent = await client.im.message.create({ params: { receive_id_type: "chat_id" }, data: { receive_id: "oc_fake_ops", msg_type: "interactive", content: JSON.stringify(approvalCard) } });
    expect(sent).toMatchObject({ code: 0, msg: "success", data: { message_id: expect.stringMatching(/^om_/), chat_id: "oc_fake_ops", msg_type: "interactive" } });
    const id = sent.data!.message_id!;
    expect(fake.calls.items.map((c) => `${c.method} ${c.path}`)).toEqual(["POST /open-apis/auth/v3/tenant_access_token/internal", "POST /open-apis/im/v1/messages"]);
    expect(fake.calls.items[1]!.token).toMatch(/^t-fake/);

    expect(await client.im.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(doneCard("Alice")) } })).toMatchObject({ code: 0 });
    expect(fake.card(id)).toEqual(doneCard("Alice"));
    expect(fake.message(id)!.history).toEqual([{ content: JSON.stringify(approvalCard), via: "patch" }]);

    const reply = await client.im.message.reply({ path: { message_id: id }, data: { msg_type: "text", content: JSON.stringify({ text: "done" }) } });
    expect(reply.data).toMatchObject({ root_id: id, parent_id: id });
    const dm = await client.im.message.create({ params: { receive_id_type: "open_id" }, data: { receive_id: "ou_fake_bob", msg_type: "text", content: JSON.stringify({ text: "hi" }) } });
    expect(dm.data?.chat_id).toBe("oc_p2p_fake_bob");
    expect(fake.calls.items.filter((c) => c.path.includes("tenant_access_token"))).toHaveLength(1);
  });

  it("answers errors with Feishu codes", async () => {
    const client = sdkClient(fake);
    const create = (data: { receive_id: string; msg_type: string; content: string; uuid?: string }, type = "chat_id") => client.im.message.create({ params: { receive_id_type: type as "chat_id" }, data });
    await expect(create({ receive_id: "oc_elsewhere", msg_type: "text", content: '{"text":"x"}' })).rejects.toMatchObject({ response: { status: 400, data: { code: 230002 } } });
    await expect(create({ receive_id: "oc_fake_ops", msg_type: "interactive", content: JSON.stringify({ elements: ["x".repeat(31 * 1024)] }) })).rejects.toMatchObject({ response: { data: { code: 230025 } } });
    const v1 = await create({ receive_id: "oc_fake_ops", msg_type: "interactive", content: JSON.stringify({ elements: [] }) });
    await expect(client.im.message.patch({ path: { message_id: v1.data!.message_id! }, data: { content: JSON.stringify({ elements: [] }) } })).rejects.toMatchObject({ response: { data: { code: 230001 } } });
    const a = await create({ receive_id: "oc_fake_ops", msg_type: "text", content: '{"text":"once"}', uuid: "u-1" });
    const b = await create({ receive_id: "oc_fake_ops", msg_type: "text", content: '{"text":"once"}', uuid: "u-1" });
    expect(b.data!.message_id).toBe(a.data!.message_id);
    const wrong = new lark.Client({ appId: fake.appId, appSecret: "nope", domain: fake.url, cache: new lark.DefaultCache(), logger: quiet });
    await expect(wrong.im.message.create({ params: { receive_id_type: "chat_id" }, data: { receive_id: "oc_fake_ops", msg_type: "text", content: "{}" } })).rejects.toThrow();
    const raw = await fetch(`${fake.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, { method: "POST", headers: { authorization: "Bearer t-forged" }, body: "{}" });
    expect(await raw.json()).toMatchObject({ code: 99991663 });
  });
});

describe("Feishu whole path with the SDK's EventDispatcher and CardActionHandler", () => {
  let fake: FeishuFake;
  let app: { url: string; close(): Promise<void> };
  let seen: Journal<Record<string, unknown>>;

  beforeEach(async () => {
    fake = await startFeishuFake({ encryptKey: ENCRYPT_KEY });
    seen = new Journal("handled");
    const client = sdkClient(fake);
    const dispatcher = new lark.EventDispatcher({ encryptKey: ENCRYPT_KEY, verificationToken: fake.verificationToken, logger: quiet }).register({
      "im.message.receive_v1": async (data) => {
        seen.add(data as unknown as Record<string, unknown>);
        await client.im.message.create({ params: { receive_id_type: "chat_id" }, data: { receive_id: data.message.chat_id, msg_type: "interactive", content: JSON.stringify(approvalCard) } });
      },
      "card.action.trigger": async (data: { operator: { open_id: string }; action: { value: unknown } }) => {
        seen.add(data as unknown as Record<string, unknown>);
        return { toast: { type: "success", content: "Approved" }, card: { type: "raw", data: doneCard(data.operator.open_id) } };
      },
    });
    const legacy = new lark.CardActionHandler({ verificationToken: fake.verificationToken, logger: quiet }, async (data: Record<string, unknown>) => {
      seen.add({ legacy: true, ...data });
      return { toast: { type: "info", content: "legacy ok" } };
    });
    app = await sdkApp({
      "/feishu/event": lark.adaptDefault("/feishu/event", dispatcher, { autoChallenge: true }),
      // Without autoChallenge: with it, a body encrypted under another key makes the SDK's adapter
      // throw while decrypting (an unhandled rejection, no answer at all).
      "/feishu/event-nochallenge": lark.adaptDefault("/feishu/event-nochallenge", dispatcher),
      "/feishu/card": lark.adaptDefault("/feishu/card", legacy),
    });
  });
  afterEach(async () => {
    await app.close();
    await fake.stop();
  });

  it("answers the encrypted url_verification challenge", async () => {
    const r = await fake.sendUrlVerification(`${app.url}/feishu/event`, "ch-1");
    expect(JSON.parse(r.sent.body)).toHaveProperty("encrypt");
    expect(r.sent.headers).not.toHaveProperty("x-lark-signature");
    expect(r.json).toEqual({ challenge: "ch-1" });
  });

  it("signed message → ack → card posted → signed click → card updated for everyone → delayed update", async () => {
    const ack = await fake.sendMessageEvent(`${app.url}/feishu/event`, { text: "deploy api", mentionBot: true, open_id: "ou_fake_alice" });
    expect(ack.status).toBe(200);
    expect(Object.keys(JSON.parse(ack.sent.body))).toEqual(["encrypt"]);
    const event = await seen.waitFor((d) => d.event_type === "im.message.receive_v1");
    expect(event).toMatchObject({ event_id: expect.any(String), sender: { sender_id: { open_id: "ou_fake_alice" } }, message: { chat_type: "group", content: '{"text":"@_user_1 deploy api"}' } });
    const card = await fake.messages.waitFor((m) => m.msg_type === "interactive");

    const click = await fake.sendCardAction(`${app.url}/feishu/event`, { message_id: card.message_id, name: "approve_btn", open_id: "ou_fake_bob" });
    expect(click.status).toBe(200);
    expect(await seen.waitFor((d) => d.event_type === "card.action.trigger")).toMatchObject({ action: { value: { action: "approve", req: "42" }, tag: "button" }, context: { open_message_id: card.message_id } });
    expect(fake.callbacks.items[0]).toMatchObject({ toast: { type: "success", content: "Approved" } });
    expect(fake.card(card.message_id)).toEqual(doneCard("ou_fake_bob"));
    expect(card.history.map((h) => h.via)).toEqual(["callback"]);

    const client = sdkClient(fake);
    const delayed = await client.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token: click.token, card: doneCard("everyone") } });
    expect(delayed).toMatchObject({ code: 0 });
    expect(fake.card(card.message_id)).toEqual(doneCard("everyone"));
    await client.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token: click.token, card: doneCard("again") } });
    await expect(client.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token: click.token, card: doneCard("third") } })).rejects.toMatchObject({ response: { status: 400 } });
  });

  it("redelivers an event byte for byte, so the app sees the same event_id twice", async () => {
    const first = await fake.sendMessageEvent(`${app.url}/feishu/event`, { text: "run backup" });
    const again = await fake.redeliver(first);
    expect([first.status, again.status, again.sent.body === first.sent.body]).toEqual([200, 200, true]);
    await fake.messages.waitFor((_m) => fake.messages.items.length === 2);
    const ids = seen.items.map((d) => d.event_id);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it("is not dispatched by the SDK when forged, signed with another key, or re-serialized", async () => {
    const target = `${app.url}/feishu/event`;
    const forged = await fake.sendMessageEvent(target, { text: "x" }, { signature: "0".repeat(64) });
    const otherKey = await fake.sendMessageEvent(`${app.url}/feishu/event-nochallenge`, { text: "x" }, { encryptKey: "another-key" });
    const pretty = await fake.sendMessageEvent(target, { text: "x" }, { encrypt: false, pretty: true });
    const plainCompact = await fake.sendMessageEvent(target, { text: "plain but signed" }, { encrypt: false });
    // The SDK answers a failed check with HTTP 200 and no body; only the compact plaintext gets through.
    for (const r of [forged, otherKey, pretty]) expect([r.status, r.text]).toEqual([200, ""]);
    expect(plainCompact.status).toBe(200);
    await seen.waitFor((d) => isText(d, "plain but signed"));
    expect(seen.items).toHaveLength(1);
  });

  it("delivers the legacy card callback with its SHA-1 signature", async () => {
    const posted = await sdkClient(fake).im.message.create({ params: { receive_id_type: "chat_id" }, data: { receive_id: "oc_fake_ops", msg_type: "interactive", content: JSON.stringify(approvalCard) } });
    const id = posted.data!.message_id!;
    const r = await fake.sendCardAction(`${app.url}/feishu/card`, { message_id: id, button_text: "Approve", open_id: "ou_fake_alice" }, { legacy: true });
    expect(r.json).toEqual({ toast: { type: "info", content: "legacy ok" } });
    expect(await seen.waitFor((d) => d.legacy === true)).toMatchObject({ open_id: "ou_fake_alice", open_message_id: id, action: { value: { action: "approve", req: "42" } } });
    const forged = await fake.sendCardAction(`${app.url}/feishu/card`, { message_id: id, button_text: "Approve" }, { legacy: true, signature: "f".repeat(40) });
    expect(forged.text).toBe("");
    expect(seen.items).toHaveLength(1);
  });
});

describe("Feishu long connection with the real WSClient", () => {
  it("discovers the endpoint, answers pings, delivers events and card actions, and shows that card frames are dropped", async () => {
    const fake = await startFeishuFake();
    const seen = new Journal<Record<string, unknown>>("ws handled");
    const client = sdkClient(fake);
    const dispatcher = new lark.EventDispatcher({ logger: quiet }).register({
      "im.message.receive_v1": async (data) => {
        seen.add(data as unknown as Record<string, unknown>);
        await client.im.message.create({ params: { receive_id_type: "chat_id" }, data: { receive_id: data.message.chat_id, msg_type: "interactive", content: JSON.stringify(approvalCard) } });
      },
      "card.action.trigger": async (data: { operator: { open_id: string } }) => ({ toast: { type: "success", content: "ok" }, card: { type: "raw", data: doneCard(data.operator.open_id) } }),
    });
    const ws = new lark.WSClient({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url, logger: quiet, autoReconnect: false });
    try {
      await ws.start({ eventDispatcher: dispatcher });
      const conn = await fake.wsConnections.waitFor();
      expect(conn.deviceId).toMatch(/^fake-device-/);
      expect(await fake.wsPings.waitFor()).toEqual({ connectionId: conn.id });
      const pushed = fake.pushMessageEvent({ text: "deploy api", mentionBot: true });
      expect(await pushed.ack).toMatchObject({ code: 200, messageId: pushed.messageId });
      expect(await seen.waitFor()).toMatchObject({ message: { content: '{"text":"@_user_1 deploy api"}' } });
      const card = await fake.messages.waitFor((m) => m.msg_type === "interactive");

      const dropped = fake.pushCardAction({ message_id: card.message_id, name: "approve_btn" }, { frameType: "card" });
      const click = fake.pushCardAction({ message_id: card.message_id, name: "approve_btn", open_id: "ou_fake_bob" });
      expect((await click.ack).result).toMatchObject({ toast: { type: "success" } });
      expect(fake.card(card.message_id)).toEqual(doneCard("ou_fake_bob"));
      // Frames are handled in order, so the earlier "card" frame got no ack: WSClient 1.74 drops it.
      expect(fake.wsAcks.items.some((a) => a.messageId === dropped.messageId)).toBe(false);
    } finally {
      ws.close();
      await fake.stop();
    }
  });
});

function isText(d: Record<string, unknown>, text: string): boolean {
  const m = d.message as { content?: string } | undefined;
  return m?.content === JSON.stringify({ text });
}
