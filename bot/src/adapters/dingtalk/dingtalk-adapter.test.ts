import { approvalCard, type Card } from "@ops/cards";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DingTalkFake, dingtalkSign, Journal, startDingTalkFake } from "../../../../scripts/fakes/index.ts";
import type { BotLogger, HttpChatAdapter, Inbound, InboundAction, InboundCommand } from "../../core/port.ts";
import { createDingTalkAdapter, type SupervisorOptions, type SupervisorState } from "./index.ts";

const quiet: BotLogger = { debug() {}, info() {}, warn() {}, error() {} };
const plainCard: Card = { locale: "zh-CN", header: { title: "备份完成", tone: "success" }, blocks: [{ type: "markdown", text: "**db-main** 备份成功" }] };
const pending = approvalCard({ id: "a1", title: "发布 api v2", requester: "bob", submittedAt: "2026-11-20T08:00:00Z", status: "pending" });
const approved = approvalCard({ id: "a1", title: "发布 api v2", requester: "bob", submittedAt: "2026-11-20T08:00:00Z", status: "approved", decidedBy: "alice" });

let clock: number;
let fake: DingTalkFake;
let adapter: HttpChatAdapter | undefined;
let inbound: Journal<Inbound>;
let states: Journal<SupervisorState>;

beforeEach(async () => {
  clock = Date.parse("2026-11-20T08:00:00Z");
  fake = await startDingTalkFake({ now: () => clock });
  inbound = new Journal("inbound");
  states = new Journal("supervisor states");
});
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await fake.stop();
});

/** A sink that records; `hold` keeps accept() pending, to show the ack does not wait for it. */
function sink(opts: { hold?: boolean } = {}) {
  return { accept: (i: Inbound) => (inbound.add(i), opts.hold ? new Promise<never>(() => {}) : Promise.resolve({ accepted: true })) };
}

async function startStream(sup: Partial<SupervisorOptions> = {}, hold = false, gatewayUrl = fake.gatewayUrl): Promise<HttpChatAdapter> {
  adapter = createDingTalkAdapter(
    { clientId: fake.clientId, clientSecret: fake.clientSecret, apiUrl: fake.url, gatewayUrl },
    { now: () => clock, logger: quiet, appUrl: "https://ops.example.com", supervisor: { minBackoffMs: 10, maxBackoffMs: 80, random: () => 0, onState: (s) => states.add(s), ...sup } },
  );
  await adapter.start(sink({ hold }));
  await states.waitFor((s) => s.state === "connected");
  return adapter;
}

const connectedAfter = (since: number) => states.waitFor((s) => s.state === "connected", { since });

describe("DingTalk adapter, Stream mode", () => {
  it("takes DINGTALK_GATEWAY_URL as a base URL (the gateway path is added) or as the full endpoint", async () => {
    const gateways = () => fake.calls.items.filter((c) => c.path === "/v1.0/gateway/connections/open").map((c) => c.status);
    for (const url of [fake.url, `${fake.url}/`, fake.gatewayUrl]) {
      const mark = fake.connections.mark();
      await startStream({}, false, url);
      await fake.connections.waitFor(undefined, { since: mark });
      await adapter!.stop();
      adapter = undefined;
      states = new Journal("supervisor states");
    }
    expect(gateways()).toEqual([200, 200, 200]);
  });

  it("acks a robot message before the sink answers and hands over one trimmed command; a redelivery keeps the eventId", async () => {
    await startStream({}, true);
    const conn = await fake.connections.waitFor();
    expect(conn.subscriptions).toEqual([
      { type: "EVENT", topic: "*" },
      { type: "CALLBACK", topic: "/v1.0/im/bot/messages/get" },
      { type: "CALLBACK", topic: "/v1.0/card/instances/callback" },
    ]);
    const pushed = fake.pushRobotMessage({ text: "  run backup env=prod", conversationType: "2", userId: "bob02" });
    expect(await pushed.ack).toMatchObject({ code: 200, messageId: pushed.messageId, payload: { response: null } });
    const cmd = (await inbound.waitFor()) as InboundCommand;
    expect(cmd).toEqual({
      type: "command",
      platform: "dingtalk",
      eventId: pushed.message.msgId,
      text: "run backup env=prod",
      sentAt: clock,
      user: { id: "bob02", name: "Bob" },
      workspace: { id: "dingfakecorp0001" },
      reply: {
        platform: "dingtalk",
        chatId: "cidFakeGroup0001==",
        userId: "bob02",
        conversation: "group",
        handles: { sessionWebhook: pushed.message.sessionWebhook, sessionWebhookExpiredTime: String(pushed.message.sessionWebhookExpiredTime), conversationType: "2", robotCode: fake.robotCode },
      },
    });
    await fake.redeliver(pushed).ack;
    const again = await inbound.waitFor(() => true, { since: 1 });
    expect(again.eventId).toBe(cmd.eventId);
  });

  it("replies to a buttonless card with markdown on the sessionWebhook, and with a card once the webhook expired", async () => {
    await startStream();
    fake.pushRobotMessage({ text: "backup status", conversationType: "2" });
    const { reply } = await inbound.waitFor();
    expect(await adapter!.reply(reply, plainCard)).toBeNull();
    const post = await fake.webhooks.waitFor();
    expect(post).toMatchObject({ kind: "session", conversationId: "cidFakeGroup0001==", msgtype: "markdown", body: { markdown: { title: "备份完成", text: expect.stringContaining("db-main") } } });

    clock += 91 * 60 * 1000;
    const ref = await adapter!.reply(reply, plainCard);
    expect(ref).toMatchObject({ platform: "dingtalk", chatId: "cidFakeGroup0001==" });
    expect(fake.card(ref!.messageId)).toMatchObject({ openSpaceId: "dtv1.card//IM_GROUP.cidFakeGroup0001==", callbackType: "STREAM" });
    expect(fake.webhooks.items).toHaveLength(1);
  });

  it("sends an action card as a STREAM interactive card, decodes a click on it and updates it for everyone", async () => {
    await startStream();
    fake.pushRobotMessage({ text: "approvals", conversationType: "2", userId: "bob02" });
    const { reply } = await inbound.waitFor();
    const ref = await adapter!.reply(reply, pending);
    expect(ref).toMatchObject({ platform: "dingtalk", chatId: "cidFakeGroup0001==", messageId: expect.any(String) });
    const created = fake.calls.items.find((c) => c.path === "/v1.0/card/instances/createAndDeliver")!;
    expect(created).toMatchObject({ status: 200, body: { callbackType: "STREAM", outTrackId: ref!.messageId, openSpaceId: "dtv1.card//IM_GROUP.cidFakeGroup0001==", imGroupOpenDeliverModel: { robotCode: fake.robotCode } } });
    expect(fake.card(ref!.messageId)!.cardData.title).toBe("发布 api v2");

    const click = fake.pushCardCallback({ outTrackId: ref!.messageId, userId: "alice01", actionId: "approval.approve", params: { value: JSON.stringify({ id: "a1" }) } });
    expect(await click.ack).toMatchObject({ code: 200, payload: { response: {} } });
    const action = (await inbound.waitFor((i) => i.type === "action")) as InboundAction;
    expect(action).toMatchObject({
      platform: "dingtalk",
      eventId: click.messageId,
      user: { id: "alice01" },
      action: { action: "approval.approve", value: { id: "a1" } },
      message: { platform: "dingtalk", chatId: "cidFakeGroup0001==", messageId: ref!.messageId },
      reply: { chatId: "cidFakeGroup0001==", userId: "alice01", handles: { conversationType: "2" } },
    });

    const before = fake.card(ref!.messageId)!.cardData;
    await adapter!.update(action.message!, approved);
    const card = fake.card(ref!.messageId)!;
    expect(card.history.at(-1)).toEqual({ cardData: before, via: "update" });
    expect(card.cardData.tone).toBe("success");
    expect(JSON.parse(card.cardData.buttons!)).not.toContainEqual(expect.objectContaining({ action: "approval.approve" }));
  });

  it("sends a card to one user's robot chat, and answers a p2p command with an action card there too", async () => {
    await startStream();
    const ref = await adapter!.sendToUser("alice01", pending);
    expect(ref.chatId).toBe("alice01");
    expect(fake.card(ref.messageId)).toMatchObject({ openSpaceId: "dtv1.card//IM_ROBOT.alice01", spaceType: "IM_ROBOT", callbackType: "STREAM" });
    expect(fake.calls.items.at(-1)!.body).toMatchObject({ imRobotOpenDeliverModel: { spaceType: "IM_ROBOT" } });
    fake.pushRobotMessage({ text: "approvals", userId: "bob02" });
    const { reply } = await inbound.waitFor();
    const p2p = await adapter!.reply(reply, pending);
    expect(fake.card(p2p!.messageId)!.openSpaceId).toBe("dtv1.card//IM_ROBOT.bob02");
    // one token for all three calls
    expect(fake.calls.items.filter((c) => c.path === "/v1.0/oauth2/accessToken")).toHaveLength(1);
  });
});

describe("DingTalk adapter, connection supervision", () => {
  it("reconnects warm on a server disconnect: the new connection opens before the old one closes", async () => {
    await startStream();
    const first = await fake.connections.waitFor();
    const order: string[] = [];
    fake.connections.subscribe((c) => order.push(`open ${c.id}`));
    fake.closedConnections.subscribe((c) => order.push(`closed ${c.id}`));
    const since = states.mark();
    fake.sendDisconnect("maintenance");
    await connectedAfter(since);
    await fake.closedConnections.waitFor((c) => c.id === first.id);
    const second = fake.connections.items.at(-1)!;
    expect(order).toEqual([`open ${second.id}`, `closed ${first.id}`]);
    expect(states.items.slice(since).some((s) => s.state === "waiting")).toBe(false);

    const pushed = fake.pushRobotMessage({ text: "after reconnect" });
    expect(pushed.connectionId).toBe(second.id);
    expect(((await inbound.waitFor()) as InboundCommand).text).toBe("after reconnect");
  });

  it("reconnects with backoff after the server closes the socket", async () => {
    await startStream();
    const first = await fake.connections.waitFor();
    const since = states.mark();
    fake.closeConnection(first.id);
    expect(await states.waitFor((s) => s.state === "waiting", { since })).toEqual({ state: "waiting", delayMs: 10, attempt: 0, reason: "closed" });
    // readiness of the bot role: not ready while the stream reconnects, ready again once it has
    expect(adapter!.connected?.()).toBe(false);
    await connectedAfter(since);
    expect(adapter!.connected?.()).toBe(true);
    fake.pushRobotMessage({ text: "still here" });
    expect(((await inbound.waitFor()) as InboundCommand).text).toBe("still here");
  });

  it("drops a connection that stays silent for idleMs and opens a new one", async () => {
    await startStream({ idleMs: 40 });
    const first = await fake.connections.waitFor();
    const since = states.mark();
    expect(await states.waitFor((s) => s.state === "waiting", { since })).toMatchObject({ reason: "idle" });
    await fake.closedConnections.waitFor((c) => c.id === first.id);
    await connectedAfter(since);
    expect(fake.connections.items.length).toBeGreaterThan(1);
  });

  it("stop() closes the socket and schedules nothing more", async () => {
    await startStream({ idleMs: 40 });
    const first = await fake.connections.waitFor();
    await adapter!.stop();
    await fake.closedConnections.waitFor((c) => c.id === first.id);
    expect(states.items.at(-1)).toEqual({ state: "stopped" });
    const since = states.mark();
    // well past idleMs and the backoff: nothing may wake up after stop()
    await new Promise((r) => setTimeout(r, 120));
    expect(states.items.slice(since)).toEqual([]);
    expect(fake.connections.items).toHaveLength(1);
  });
});

describe("DingTalk adapter, HTTP mode", () => {
  it("accepts a signed robot callback and refuses forged or stale ones with 401", async () => {
    adapter = createDingTalkAdapter({ clientId: fake.clientId, clientSecret: fake.clientSecret, apiUrl: fake.url, mode: "http" }, { now: () => clock, logger: quiet });
    await adapter.start(sink());
    const route = adapter.routes[0]!;
    expect([route.method, route.path]).toEqual(["POST", "/bot/dingtalk/events"]);
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => route.handle(req) });
    try {
      const url = `http://127.0.0.1:${server.port}${route.path}`;
      const ok = await fake.sendRobotMessageHttp(url, { text: "  whoami", conversationType: "2" });
      expect([ok.status, ok.json]).toEqual([200, {}]);
      expect(await inbound.waitFor()).toMatchObject({ type: "command", text: "whoami", user: { id: "alice01" } });

      const forged = await fake.sendRobotMessageHttp(url, { text: "run x" }, { secret: "forged" });
      const stale = await fake.sendRobotMessageHttp(url, { text: "run x" }, { timestamp: clock - 2 * 3600_000 });
      const badHeader = await fake.sendRobotMessageHttp(url, { text: "run x" }, { timestamp: clock, sign: dingtalkSign(fake.clientSecret, clock).slice(1) });
      expect([forged.status, stale.status, badHeader.status]).toEqual([401, 401, 401]);
      expect(inbound.items).toHaveLength(1);
      expect(fake.connections.items).toEqual([]);
    } finally {
      await server.stop(true);
    }
  });
});
