import { DWClient, type DWClientDownStream, EventAck, type RobotTextMessage } from "dingtalk-stream";
import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal, serveFake } from "./chat-server.ts";
import { type DingTalkFake, openFakeGateway, startDingTalkFake, TOPIC_CARD, TOPIC_ROBOT } from "./dingtalk.ts";
import { dingtalkSign, dingtalkSignValid } from "./signing/dingtalk.ts";

/** The SDK's gateway URL is a constant; `getEndpoint()` is public, so a subclass points it at the fake. */
class LocalDWClient extends DWClient {
  constructor(
    opts: { clientId: string; clientSecret: string },
    private readonly gateway: string,
  ) {
    // 2.1.5 shallow-copies its default config, so every client pushes into one shared subscriptions
    // array unless it brings its own (see the quirk test below).
    super({ ...opts, subscriptions: [{ type: "EVENT", topic: "*" }] } as ConstructorParameters<typeof DWClient>[0]);
  }
  override async getEndpoint(): Promise<this> {
    (this as unknown as { dw_url: string }).dw_url = await openFakeGateway(this, this.gateway);
    return this;
  }
}

let clock = Date.parse("2026-11-20T08:00:00Z");
let fake: DingTalkFake;
let client: LocalDWClient;
let seen: Journal<DWClientDownStream>;

beforeEach(async () => {
  clock = Date.parse("2026-11-20T08:00:00Z");
  fake = await startDingTalkFake({ now: () => clock });
  client = new LocalDWClient({ clientId: fake.clientId, clientSecret: fake.clientSecret }, fake.gatewayUrl);
  seen = new Journal("received");
});
afterEach(async () => {
  client.disconnect();
  await fake.stop();
});

async function appToken(): Promise<string> {
  const r = await fetch(`${fake.url}/v1.0/oauth2/accessToken`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ appKey: fake.clientId, appSecret: fake.clientSecret }) });
  return ((await r.json()) as { accessToken: string }).accessToken;
}

function dtApi(method: string, path: string, token: string, body: unknown): Promise<Response> {
  return fetch(`${fake.url}${path}`, { method, headers: { "content-type": "application/json", "x-acs-dingtalk-access-token": token }, body: JSON.stringify(body) });
}

describe("DingTalk Stream mode with the real dingtalk-stream DWClient", () => {
  it("connects through the gateway, receives a robot message, acks it and replies via sessionWebhook", async () => {
    client.registerCallbackListener(TOPIC_ROBOT, (res) => {
      seen.add(res);
      // Ack at once, work afterwards: an unacked robot message may be redelivered.
      client.socketCallBackResponse(res.headers.messageId, { ok: true });
      const msg = JSON.parse(res.data) as RobotTextMessage;
      void fetch(msg.sessionWebhook, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ msgtype: "markdown", markdown: { title: "Deploy", text: `收到: ${msg.text.content.trim()}` }, at: { atUserIds: [msg.senderStaffId] } }),
      });
    });
    await client.connect();
    const conn = await fake.connections.waitFor();
    expect(conn.subscriptions).toEqual([
      { type: "EVENT", topic: "*" },
      { type: "CALLBACK", topic: TOPIC_ROBOT },
    ]);
    expect(fake.calls.items[0]).toMatchObject({ path: "/v1.0/gateway/connections/open", body: { clientId: fake.clientId, ua: "" } });

    const pushed = fake.pushRobotMessage({ text: "deploy api", conversationType: "2", userId: "bob02" });
    expect(await pushed.ack).toMatchObject({ code: 200, messageId: pushed.messageId, payload: { response: { ok: true } } });
    const frame = await seen.waitFor();
    expect(frame).toMatchObject({ specVersion: "1.0", type: "CALLBACK", headers: { topic: TOPIC_ROBOT, messageId: pushed.messageId } });
    expect(JSON.parse(frame.data)).toMatchObject({ conversationType: "2", senderStaffId: "bob02", text: { content: " deploy api" }, robotCode: fake.robotCode });
    const again = fake.redeliver(pushed);
    expect((await again.ack).messageId).toBe(pushed.messageId);
    expect(seen.items.map((f) => JSON.parse(f.data).msgId)).toEqual([JSON.parse(frame.data).msgId, JSON.parse(frame.data).msgId]);
    const reply = await fake.webhooks.waitFor();
    await fake.webhooks.waitFor(() => fake.webhooks.items.length === 2);
    expect(reply).toMatchObject({ kind: "session", conversationId: "cidFakeGroup0001==", msgtype: "markdown", body: { markdown: { text: "收到: deploy api" } } });
  });

  it("delivers a card callback for a STREAM card and applies the answer to the card for everyone", async () => {
    client.registerCallbackListener(TOPIC_CARD, (res) => {
      const data = JSON.parse(res.data) as { userId: string; content: string };
      const { params } = (JSON.parse(data.content) as { cardPrivateData: { params: { action: string } } }).cardPrivateData;
      client.socketCallBackResponse(res.headers.messageId, {
        cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
        cardData: { cardParamMap: { status: `${params.action}d`, approver: data.userId } },
        userPrivateData: { cardParamMap: { clicked: "true" } },
      });
    });
    await client.connect();
    await fake.connections.waitFor();
    const token = await appToken();
    const create = (outTrackId: string, callbackType: string) =>
      dtApi("POST", "/v1.0/card/instances/createAndDeliver", token, {
        cardTemplateId: "tpl.approval",
        outTrackId,
        callbackType,
        openSpaceId: "dtv1.card//IM_GROUP.cidFakeGroup0001==",
        cardData: { cardParamMap: { title: "Approve deploy?", status: "pending" } },
        imGroupOpenDeliverModel: { robotCode: fake.robotCode },
      });
    expect(await (await create("req-42", "STREAM")).json()).toMatchObject({ success: true, result: { outTrackId: "req-42", deliverResults: [{ spaceType: "IM_GROUP", success: true }] } });

    const pushed = fake.pushCardCallback({ outTrackId: "req-42", userId: "alice01", params: { action: "approve" } });
    await pushed.ack;
    expect(fake.card("req-42")).toMatchObject({ cardData: { title: "Approve deploy?", status: "approved", approver: "alice01" }, privateData: { alice01: { clicked: "true" } } });
    expect(fake.card("req-42")!.history).toEqual([{ cardData: { title: "Approve deploy?", status: "pending" }, via: "callback" }]);

    const put = await dtApi("PUT", "/v1.0/card/instances", token, { outTrackId: "req-42", cardData: { cardParamMap: { status: "deployed" } }, cardUpdateOptions: { updateCardDataByKey: true } });
    expect(await put.json()).toEqual({ success: true, result: true });
    expect(fake.card("req-42")!.cardData.status).toBe("deployed");

    await create("req-43", "HTTP");
    expect(() => fake.pushCardCallback({ outTrackId: "req-43", params: {} })).toThrow(/callbackType HTTP/);
    const notString = await dtApi("PUT", "/v1.0/card/instances", token, { outTrackId: "req-42", cardData: { cardParamMap: { count: 3 } } });
    expect([notString.status, ((await notString.json()) as { message: string }).message]).toEqual([400, "cardParamMap.count must be a string (JSON-stringify objects)"]);
    expect((await dtApi("PUT", "/v1.0/card/instances", "forged", {})).status).toBe(401);
  });

  it("acks events with the listener's status and echoes pings", async () => {
    client.registerAllEventListener((msg) => {
      seen.add(msg);
      return { status: EventAck.SUCCESS, message: "OK" };
    });
    await client.connect();
    await fake.connections.waitFor();
    const pushed = fake.pushEvent("user_add_org", { userId: ["carol03"] });
    expect(await pushed.ack).toMatchObject({ code: 200, payload: { status: "SUCCESS", message: "OK" } });
    expect((await seen.waitFor()).headers).toMatchObject({ eventType: "user_add_org", eventId: expect.any(String), eventCorpId: fake.corpId });
    const viaCurl = await fetch(`${fake.url}/_fake/robot`, { method: "POST", body: JSON.stringify({ text: "by hand" }) });
    // Only EVENT is subscribed here, so the fake refuses to push a robot message.
    expect([viaCurl.status, ((await viaCurl.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(/no open stream connection subscribed to CALLBACK/)]);
    const pong = await fake.ping();
    expect(pong.payload).toEqual({ opaque: expect.stringMatching(/^fake-opaque-/) });
  });

  it("sends a disconnect frame; after the server closes, the SDK reconnects with a fresh one-time ticket", async () => {
    await client.connect();
    const first = await fake.connections.waitFor();
    const since = fake.connections.mark();
    fake.sendDisconnect("maintenance");
    await fake.ping(); // frames are ordered: once the ping is echoed, the disconnect was handled
    expect(client.connected).toBe(false);
    fake.closeConnection(first.id);
    // 2.1.5 reconnects after a fixed 1 s.
    const second = await fake.connections.waitFor(() => true, { since });
    expect(second.ticket).not.toBe(first.ticket);
    expect((await fake.closedConnections.waitFor((c) => c.id === first.id)).open).toBe(false);
    const reuse = await fetch(`${fake.url}/connect?ticket=${first.ticket}`);
    expect(reuse.status).toBe(401);
  });
});

describe("dingtalk-stream 2.1.5 quirks the adapter must work around", () => {
  it("shares the default subscriptions array between DWClient instances", () => {
    const a = new DWClient({ clientId: "a", clientSecret: "a" });
    const b = new DWClient({ clientId: "b", clientSecret: "b" });
    a.registerCallbackListener("/quirk/topic", () => undefined);
    expect(b.getConfig().subscriptions).toContainEqual({ type: "CALLBACK", topic: "/quirk/topic" });
  });
});

describe("DingTalk HTTP endpoints and signatures", () => {
  it("signs HTTP-mode robot callbacks as DingTalk does", async () => {
    const got = new Journal<{ headers: Record<string, string>; body: string }>("got");
    const target = await serveFake({
      fetch: async (req) => {
        got.add({ headers: Object.fromEntries(req.headers.entries()), body: await req.text() });
        return Response.json({ msgtype: "text", text: { content: "pong" } });
      },
    });
    try {
      const r = await fake.sendRobotMessageHttp(target.url, { text: "ping" });
      expect(r.json).toEqual({ msgtype: "text", text: { content: "pong" } });
      const { headers, body } = got.items[0]!;
      const expected = createHmac("sha256", fake.clientSecret).update(`${headers.timestamp}\n${fake.clientSecret}`).digest("base64");
      expect(headers.sign).toBe(expected);
      expect(dingtalkSignValid(fake.clientSecret, headers.timestamp!, headers.sign!, clock)).toBe(true);
      expect(JSON.parse(body)).toMatchObject({ msgtype: "text", text: { content: "ping" }, conversationType: "1" });
      await fake.sendRobotMessageHttp(target.url, { text: "x" }, { secret: "forged" });
      await fake.sendRobotMessageHttp(target.url, { text: "x" }, { timestamp: clock - 2 * 3600_000 });
      const [forged, stale] = got.items.slice(1);
      expect(dingtalkSignValid(fake.clientSecret, forged!.headers.timestamp!, forged!.headers.sign!, clock)).toBe(false);
      expect(dingtalkSignValid(fake.clientSecret, stale!.headers.timestamp!, stale!.headers.sign!, clock)).toBe(false);
    } finally {
      await target.stop();
    }
  });

  it("checks custom robot signatures, session webhooks and app credentials", async () => {
    const send = (query: string, body: unknown) => fetch(`${fake.url}/robot/send?${query}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
    const text = { msgtype: "text", text: { content: "备份完成" } };
    const secret = "SECfakecustomrobotsecret";
    const sign = encodeURIComponent(dingtalkSign(secret, clock));
    expect(await send(`access_token=fake-robot-token&timestamp=${clock}&sign=${sign}`, text)).toEqual({ errcode: 0, errmsg: "ok" });
    expect(await send(`access_token=fake-robot-token&timestamp=${clock}&sign=bad`, text)).toMatchObject({ errcode: 310000 });
    expect(fake.webhooks.items).toEqual([{ kind: "custom_robot", target: "fake-robot-token", msgtype: "text", body: text }]);

    const session = fake.org.newSession("cidX");
    const reply = (body: unknown) => fetch(`${fake.url}/robot/sendBySession?session=${session.id}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
    expect(await reply({ msgtype: "interactiveCard", card: {} })).toMatchObject({ errcode: 40035 });
    expect(await reply({ msgtype: "actionCard", actionCard: { title: "T", text: "body", singleTitle: "Open", singleURL: "https://ops.example.com" } })).toEqual({ errcode: 0, errmsg: "ok" });
    clock += 91 * 60 * 1000;
    expect(await reply(text)).toMatchObject({ errcode: 300002 });

    const bad = await fetch(`${fake.url}/v1.0/oauth2/accessToken`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ appKey: fake.clientId, appSecret: "x" }) });
    expect(bad.status).toBe(400);
    const legacy = (await (await fetch(`${fake.url}/gettoken?appkey=${fake.clientId}&appsecret=${fake.clientSecret}`)).json()) as { errcode: number; access_token: string };
    expect(legacy).toMatchObject({ errcode: 0, access_token: expect.stringMatching(/^fake-access-token-/) });
  });
});
