/**
 * DingTalk stand-in: the Stream gateway and socket (robot messages, card callbacks, events,
 * ping/disconnect), OAuth tokens, the sessionWebhook and custom-robot sinks, the interactive
 * card API, and a sender of signed HTTP-mode robot callbacks.
 *
 *   bun scripts/fakes/dingtalk.ts     # prints its URLs and credentials, serves until Ctrl-C
 */
import type { DWClient } from "dingtalk-stream";
import { type ControlHandlers, handleControl, type InboundResult, type Journal, postInbound, readBody, serveFake } from "./chat-server.ts";
import { type ButtonClickInput, type CardCallbackInput, cardCallback, type RobotMessageInput, robotMessage, templateButtonClick } from "./dingtalk-inbound.ts";
import { DingTalkOAuth } from "./dingtalk-oauth.ts";
import { DingTalkContacts } from "./dingtalk-contacts.ts";
import { type DingTalkCard, type DingTalkFakeOptions, type DingTalkHttpCall, DingTalkOrg, type DingTalkRobotMessage, type DingTalkWebhookPost } from "./dingtalk-org.ts";
import { type PushResult, type StreamAck, type StreamConnection, StreamHub, type StreamSocketData } from "./dingtalk-stream.ts";
import { dingtalkSign } from "./signing/dingtalk.ts";

export type { CardCallbackInput, RobotMessageInput } from "./dingtalk-inbound.ts";
export type { DingTalkCard, DingTalkFakeOptions, DingTalkHttpCall, DingTalkRobotMessage, DingTalkSession, DingTalkUser, DingTalkWebhookPost } from "./dingtalk-org.ts";
export type { PushResult, StreamAck, StreamConnection, StreamFrame } from "./dingtalk-stream.ts";
export { DINGTALK_SESSION_TTL_MS, DINGTALK_TICKET_TTL_MS } from "./dingtalk-org.ts";

export const TOPIC_ROBOT = "/v1.0/im/bot/messages/get";
export const TOPIC_CARD = "/v1.0/card/instances/callback";

export interface DingTalkHttpSendOptions {
  /** Sign with another secret (forged). */
  secret?: string;
  /** Milliseconds; more than an hour off is what DingTalk's verifiers reject. */
  timestamp?: number;
  sign?: string;
  ackWindowMs?: number;
}

export interface DingTalkFake {
  url: string;
  /** Where the SDK's `getEndpoint()` should POST instead of api.dingtalk.com. */
  gatewayUrl: string;
  clientId: string;
  clientSecret: string;
  robotCode: string;
  corpId: string;
  org: DingTalkOrg;
  calls: Journal<DingTalkHttpCall>;
  /** Replies through sessionWebhook and posts to custom group robots. */
  webhooks: Journal<DingTalkWebhookPost>;
  /** One entry per card change (API update or callback answer); the item is the live card. */
  cardEdits: Journal<DingTalkCard>;
  /** The robot's 1:1 messages (`/v1.0/robot/oToMessages/batchSend`), one per recipient. */
  robotMessages: Journal<DingTalkRobotMessage>;
  connections: Journal<StreamConnection>;
  closedConnections: Journal<StreamConnection>;
  acks: Journal<StreamAck>;
  card(outTrackId: string): DingTalkCard | undefined;
  /** The interactive cards delivered into a group (IM_GROUP space), by its openConversationId, oldest first. */
  cardsIn(conversationId: string): DingTalkCard[];
  /** CALLBACK frame on `/v1.0/im/bot/messages/get` to the newest subscribed connection. */
  pushRobotMessage(input: RobotMessageInput, opts?: { connectionId?: string }): PushResult & { message: Record<string, unknown> };
  /** CALLBACK frame on `/v1.0/card/instances/callback`; the ack's `response` updates the card. */
  pushCardCallback(input: CardCallbackInput, opts?: { connectionId?: string }): PushResult;
  /** A click on a generic-template card's button, with what was typed in its input (dingtalk-inbound.ts templateButtonClick). */
  clickCardButton(input: ButtonClickInput, opts?: { connectionId?: string }): PushResult;
  pushEvent(eventType: string, data: Record<string, unknown>, opts?: { connectionId?: string; eventId?: string }): PushResult;
  /** Delivers an earlier frame again with the same messageId (redelivery after a late ack). */
  redeliver(previous: PushResult, opts?: { connectionId?: string }): PushResult;
  /** SYSTEM ping; the client must echo it. */
  ping(opts?: { connectionId?: string }): Promise<StreamAck>;
  /** SYSTEM disconnect; with `close` the socket is closed right after (the platform waits up to 10 s). */
  sendDisconnect(reason?: string, opts?: { connectionId?: string; close?: boolean }): void;
  closeConnection(connectionId?: string): void;
  /** HTTP-mode robot callback: JSON body with `timestamp` and `sign` headers. */
  sendRobotMessageHttp(targetUrl: string, input: RobotMessageInput, opts?: DingTalkHttpSendOptions): Promise<InboundResult>;
  /** Sign-in (authorize page, userAccessToken, users/me, getbyunionid); `oauth.issueCode(userId)` plays dd.requestAuthCode. */
  oauth: DingTalkOAuth;
  /** The address book (departments with managers, staff) the org API lists for a directory sync. */
  contacts: DingTalkContacts;
  stop(): Promise<void>;
}

export async function startDingTalkFake(opts: DingTalkFakeOptions = {}): Promise<DingTalkFake> {
  const org = new DingTalkOrg(opts);
  const hub = new StreamHub(org.seq, org.now, org.clientId);
  const oauth = new DingTalkOAuth(org);
  const contacts = new DingTalkContacts(org);
  let base = "";
  let control: ControlHandlers = {};

  const http = await serveFake<StreamSocketData>({
    port: opts.port,
    websocket: hub.handler(),
    fetch: async (req, server) => {
      const u = new URL(req.url);
      if (u.pathname === "/connect") {
        const ticket = u.searchParams.get("ticket") ?? "";
        const granted = org.takeTicket(ticket);
        if (!granted) return new Response("invalid or used ticket", { status: 401 });
        return server.upgrade(req, { data: hub.newSocketData(ticket, granted.subscriptions) }) ? undefined : new Response("upgrade failed", { status: 400 });
      }
      const controlled = await handleControl(req, control);
      if (controlled) return controlled;
      const signIn = await oauth.handle(req, u);
      if (signIn) return signIn;
      const listed = await contacts.handle(req, u);
      if (listed) return listed;
      const { fields } = await readBody(req);
      const token = req.headers.get("x-acs-dingtalk-access-token") ?? undefined;
      const reply = org.handle(req.method, u.pathname, Object.fromEntries(u.searchParams.entries()), fields, token, base.replace(/^http/, "ws"));
      return Response.json(reply.body, { status: reply.status });
    },
  });
  base = http.url;
  const newest = (id?: string) => id ?? hub.connections.items.filter((c) => c.open).at(-1)?.id ?? "";

  const fake: DingTalkFake = {
    oauth,
    contacts,
    url: http.url,
    gatewayUrl: `${http.url}/v1.0/gateway/connections/open`,
    clientId: org.clientId,
    clientSecret: org.clientSecret,
    robotCode: org.robotCode,
    corpId: org.corpId,
    org,
    calls: org.calls,
    webhooks: org.webhooks,
    cardEdits: org.cardEdits,
    robotMessages: org.robotMessages,
    connections: hub.connections,
    closedConnections: hub.closed,
    acks: hub.acks,
    card: (id) => org.cards.get(id),
    cardsIn: (conversationId) => [...org.cards.values()].filter((c) => c.spaceType === "IM_GROUP" && c.spaceId === conversationId),
    pushRobotMessage(input, o = {}) {
      const message = robotMessage(org, http.url, input);
      return { ...hub.push("CALLBACK", TOPIC_ROBOT, message, o), message };
    },
    pushCardCallback(input, o = {}) {
      const pushed = hub.push("CALLBACK", TOPIC_CARD, cardCallback(org, input), o);
      const ack = pushed.ack.then((a) => {
        const response = (a.payload as { response?: unknown } | undefined)?.response;
        const card = org.cards.get(input.outTrackId);
        if (card && response && typeof response === "object") org.applyCardUpdate(card, response as Record<string, unknown>, "callback", input.userId ?? [...org.users.keys()][0]);
        return a;
      });
      ack.catch(() => undefined);
      return { ...pushed, ack };
    },
    clickCardButton(input, o = {}) {
      return fake.pushCardCallback(templateButtonClick(org, input), o);
    },
    pushEvent(eventType, data, o = {}) {
      const eventId = o.eventId ?? `fake-event-${org.seq.pad(8)}`;
      const headers = { eventType, eventId, eventBornTime: String(org.now()), eventCorpId: org.corpId, eventUnifiedAppId: org.clientId };
      return hub.push("EVENT", eventType, data, { connectionId: o.connectionId, headers });
    },
    redeliver: (previous, o = {}) => hub.resend(previous, o),
    ping: (o = {}) => hub.push("SYSTEM", "ping", { opaque: `fake-opaque-${org.seq.pad(6)}` }, o).ack,
    sendDisconnect(reason = "fake server maintenance", o = {}) {
      const { connectionId } = hub.push("SYSTEM", "disconnect", { reason }, o);
      if (o.close) hub.close(connectionId);
    },
    closeConnection: (id) => hub.close(newest(id)),
    sendRobotMessageHttp(target, input, o = {}) {
      const ts = o.timestamp ?? org.now();
      const body = JSON.stringify(robotMessage(org, http.url, input));
      const headers = { "content-type": "application/json; charset=utf-8", timestamp: String(ts), sign: o.sign ?? dingtalkSign(o.secret ?? org.clientSecret, ts) };
      return postInbound(target, headers, body, o.ackWindowMs ?? 3000);
    },
    async stop() {
      hub.closeAll();
      for (const j of [org.calls, org.webhooks, org.cardEdits, org.robotMessages]) j.close();
      await http.stop();
    },
  };
  control = {
    state: () => ({ connections: hub.connections.items, webhooks: org.webhooks.items, cards: [...org.cards.values()] }),
    robot: (b) => fake.pushRobotMessage(b as unknown as RobotMessageInput).ack,
    "card-callback": (b) => fake.pushCardCallback(b as unknown as CardCallbackInput).ack,
    "http-robot": (b) => fake.sendRobotMessageHttp(String(b.target), b as unknown as RobotMessageInput),
  };
  return fake;
}

export const start = startDingTalkFake;

/**
 * Sends the SDK's own gateway request (same body and Accept header as DWClient.getEndpoint) to the
 * fake and returns the socket URL; a test subclass sets the client's `dw_url` to it.
 */
export async function openFakeGateway(client: DWClient, gatewayUrl: string): Promise<string> {
  const { clientId, clientSecret, ua, subscriptions } = client.getConfig();
  const res = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ clientId, clientSecret, ua, subscriptions }),
  });
  const { endpoint, ticket } = (await res.json()) as { endpoint?: string; ticket?: string };
  if (!res.ok || !endpoint || !ticket) throw new Error(`dingtalk gateway refused: ${res.status}`);
  return `${endpoint}?ticket=${ticket}`;
}

if (import.meta.main) {
  const fake = await startDingTalkFake({ port: Number(process.env.PORT ?? 0) });
  console.log(`DingTalk fake on ${fake.url}`);
  console.log(`  stream gateway:   ${fake.gatewayUrl}`);
  console.log(`  client id/secret: ${fake.clientId} / ${fake.clientSecret}`);
  fake.connections.subscribe((c) => console.log(`stream connected ${c.id} ${JSON.stringify(c.subscriptions)}`));
  fake.calls.subscribe((c) => console.log(`${c.method} ${c.path} ${c.status} ${JSON.stringify(c.body).slice(0, 200)}`));
  process.on("SIGINT", () => void fake.stop().then(() => process.exit(0)));
}
