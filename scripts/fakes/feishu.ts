/**
 * Feishu/Lark stand-in: the open API the bot calls (point the SDK's `domain` at `fake.url`) and
 * senders that deliver events and card callbacks to the code under test, encrypted and signed
 * exactly as Feishu does, applying a callback's card answer to the stored card.
 *
 *   bun scripts/fakes/feishu.ts     # prints its URL and credentials, serves until Ctrl-C
 *   FEISHU_ENCRYPT_KEY=k bun scripts/fakes/feishu.ts
 */
import { bearer, type ControlHandlers, handleControl, type InboundResult, Journal, parseJson, postInbound, readBody, serveFake } from "./chat-server.ts";
import {
  applyCardAnswer,
  type CardActionInput,
  cardActionEvent,
  type FeishuSendOptions,
  legacyCardAction,
  type MessageEventInput,
  messageEvent,
  sealEvent,
  sealLegacy,
} from "./feishu-inbound.ts";
import { type FeishuApiCall, type FeishuFakeOptions, type FeishuImage, type FeishuMessage, FeishuTenant, type FeishuUser } from "./feishu-tenant.ts";
import { FeishuOAuth } from "./feishu-oauth.ts";
import { FeishuContacts } from "./feishu-contacts.ts";
import { LARK_CLIENT_CONFIG, type LarkWsAck, type LarkWsConnection, type LarkWsData, LarkWsHub, type LarkWsPush } from "./feishu-ws.ts";

export type { CardActionInput, FeishuSendOptions, MessageEventInput } from "./feishu-inbound.ts";
export type { FeishuApiCall, FeishuCardToken, FeishuFakeOptions, FeishuImage, FeishuMessage, FeishuUser } from "./feishu-tenant.ts";
export type { LarkWsAck, LarkWsConnection, LarkWsPush } from "./feishu-ws.ts";
export { FEISHU_CARD_TOKEN_TTL_MS, FEISHU_CARD_TOKEN_USES, FEISHU_MAX_CARD_BYTES } from "./feishu-tenant.ts";

export interface FeishuCallbackRecord {
  kind: "card.action.trigger" | "card.action.trigger_v1";
  message_id: string;
  /** The delayed-update token the callback carried. */
  token: string;
  result: InboundResult;
  toast?: unknown;
}

export interface FeishuFake {
  url: string;
  appId: string;
  appSecret: string;
  verificationToken: string;
  encryptKey?: string;
  tenantKey: string;
  botOpenId: string;
  /** The bot's messages; `content` is the current version, `history` the earlier ones. */
  messages: Journal<FeishuMessage>;
  /** One entry per card update (patch, callback answer, delayed update); the item is the live message. */
  edits: Journal<FeishuMessage>;
  calls: Journal<FeishuApiCall>;
  /** images the app uploaded (im.image.create) */
  images: Journal<FeishuImage>;
  callbacks: Journal<FeishuCallbackRecord>;
  tenant: FeishuTenant;
  message(id: string): FeishuMessage | undefined;
  messagesIn(chatId: string): FeishuMessage[];
  /** The current card of a message, parsed. */
  card(id: string): unknown;
  addChat(chatId: string): void;
  addUser(user: FeishuUser): void;
  sendMessageEvent(targetUrl: string, input: MessageEventInput, opts?: FeishuSendOptions): Promise<InboundResult>;
  /** `card.action.trigger` (schema 2.0), or with `legacy: true` the old flat callback. */
  sendCardAction(targetUrl: string, input: CardActionInput, opts?: FeishuSendOptions & { legacy?: boolean }): Promise<InboundResult & { token: string }>;
  sendUrlVerification(targetUrl: string, challenge?: string, opts?: FeishuSendOptions): Promise<InboundResult>;
  /** At-least-once delivery: the same event, byte for byte, again (events only; callbacks are never re-pushed). */
  redeliver(previous: InboundResult, opts?: { ackWindowMs?: number }): Promise<InboundResult>;
  /** Long-connection (WSClient) sockets and their acks. */
  wsConnections: Journal<LarkWsConnection>;
  wsAcks: Journal<LarkWsAck>;
  /** Pings the client sent (each answered with a pong carrying ClientConfig). */
  wsPings: Journal<{ connectionId: string }>;
  /** `im.message.receive_v1` over the long connection (plaintext, no signature). */
  pushMessageEvent(input: MessageEventInput, opts?: { connectionId?: string }): LarkWsPush;
  /** `card.action.trigger` over the long connection; the ack's result is applied like an HTTP answer. `frameType: "card"` reproduces the frames WSClient 1.74 drops. */
  pushCardAction(input: CardActionInput, opts?: { connectionId?: string; frameType?: "event" | "card" }): LarkWsPush & { token: string };
  /** Web sign-in (authorize page, authen v2 token, user_info); `oauth.issueCode(openId)` plays tt.requestAccess. */
  oauth: FeishuOAuth;
  /** The address book (departments with leaders, staff) the contact API lists for a directory sync. */
  contacts: FeishuContacts;
  stop(): Promise<void>;
}

const FEISHU_ACK_WINDOW_MS = 3000;

export async function startFeishuFake(opts: FeishuFakeOptions = {}): Promise<FeishuFake> {
  const tenant = new FeishuTenant(opts);
  const verificationToken = opts.verificationToken ?? "fake-verification-token";
  const encryptKey = opts.encryptKey;
  const callbacks = new Journal<FeishuCallbackRecord>("feishu callbacks");
  let control: ControlHandlers = {};
  const hub = new LarkWsHub(tenant.seq);
  const oauth = new FeishuOAuth(tenant);
  const contacts = new FeishuContacts(tenant);
  let base = "";

  const http = await serveFake<LarkWsData>({
    port: opts.port,
    websocket: hub.handler(),
    fetch: async (req, server) => {
      const controlled = await handleControl(req, control);
      if (controlled) return controlled;
      const u = new URL(req.url);
      if (u.pathname === "/callback/ws") {
        const deviceId = u.searchParams.get("device_id") ?? "";
        if (!hub.devices.delete(deviceId)) return new Response("unknown device", { status: 403 });
        return server.upgrade(req, { data: { connectionId: `fake-ws-conn-${tenant.seq.pad(6)}`, deviceId } }) ? undefined : new Response("upgrade failed", { status: 400 });
      }
      if (req.method === "POST" && u.pathname === "/open-apis/im/v1/images") {
        const parts = multipartParts(req.headers.get("content-type") ?? "", new Uint8Array(await req.arrayBuffer()));
        const imageType = parts.get("image_type");
        const reply = tenant.handle(req.method, u.pathname, {}, { image_type: imageType ? Buffer.from(imageType).toString() : null, image: parts.get("image") ?? null }, bearer(req));
        return Response.json(reply.body, { status: reply.status });
      }
      const signIn = await oauth.handle(req, u);
      if (signIn) return signIn;
      const listed = contacts.handle(req, u);
      if (listed) return listed;
      const { fields } = await readBody(req);
      if (req.method === "POST" && u.pathname === "/callback/ws/endpoint") {
        if (fields.AppID !== tenant.appId || fields.AppSecret !== tenant.appSecret) return Response.json({ code: 10014, msg: "app secret invalid" });
        const deviceId = `fake-device-${tenant.seq.pad(6)}`;
        hub.devices.add(deviceId);
        const url = `${base.replace(/^http/, "ws")}/callback/ws?fpid=1&device_id=${deviceId}&service_id=1`;
        return Response.json({ code: 0, msg: "ok", data: { URL: url, ClientConfig: LARK_CLIENT_CONFIG } });
      }
      const reply = tenant.handle(req.method, u.pathname, Object.fromEntries(u.searchParams.entries()), fields, bearer(req));
      return Response.json(reply.body, { status: reply.status });
    },
  });

  base = http.url;

  function pushCardAction(input: CardActionInput, o: { connectionId?: string; frameType?: "event" | "card" } = {}) {
    const token = tenant.newCardToken(input.message_id);
    const pushed = hub.push(cardActionEvent(tenant, verificationToken, input, token.token), { type: o.frameType, connectionId: o.connectionId });
    const ack = pushed.ack.then((a) => {
      token.pending = false;
      if (a.code === 200) applyCardAnswer(tenant, input.message_id, a.result, false);
      return a;
    });
    ack.catch(() => undefined);
    return { ...pushed, ack, token: token.token };
  }

  async function sendCardAction(target: string, input: CardActionInput, o: FeishuSendOptions & { legacy?: boolean } = {}) {
    const token = tenant.newCardToken(input.message_id);
    const sealed = o.legacy
      ? sealLegacy(tenant, legacyCardAction(tenant, input, token.token), verificationToken, o)
      : sealEvent(tenant, cardActionEvent(tenant, verificationToken, input, token.token), encryptKey, o);
    const result = await postInbound(target, sealed.headers, sealed.body, o.ackWindowMs ?? FEISHU_ACK_WINDOW_MS);
    token.pending = false;
    // Only a timely HTTP 200 counts; otherwise the user sees 200341/200671 and nothing changes.
    const toast = result.status === 200 ? applyCardAnswer(tenant, input.message_id, result.json, Boolean(o.legacy)) : undefined;
    const kind = o.legacy ? "card.action.trigger_v1" : "card.action.trigger";
    callbacks.add({ kind, message_id: input.message_id, token: token.token, result, ...(toast !== undefined ? { toast } : {}) });
    return { ...result, token: token.token };
  }

  const fake: FeishuFake = {
    url: http.url,
    appId: tenant.appId,
    appSecret: tenant.appSecret,
    verificationToken,
    ...(encryptKey ? { encryptKey } : {}),
    tenantKey: tenant.tenantKey,
    botOpenId: tenant.botOpenId,
    messages: tenant.messages,
    edits: tenant.edits,
    calls: tenant.calls,
    images: tenant.images,
    callbacks,
    tenant,
    message: (id) => tenant.findMessage(id),
    messagesIn: (chatId) => tenant.messages.items.filter((m) => m.chat_id === chatId),
    card: (id) => {
      const m = tenant.findMessage(id);
      return m ? parseJson(m.content) : undefined;
    },
    addChat: (chatId) => void tenant.chats.add(chatId),
    addUser: (user) => void tenant.users.set(user.open_id, user),
    sendMessageEvent(target, input, o = {}) {
      const sealed = sealEvent(tenant, messageEvent(tenant, verificationToken, input), encryptKey, o);
      return postInbound(target, sealed.headers, sealed.body, o.ackWindowMs ?? FEISHU_ACK_WINDOW_MS);
    },
    sendCardAction,
    sendUrlVerification(target, challenge, o = {}) {
      const plain = { challenge: challenge ?? `challenge-${tenant.seq.pad(6)}`, token: verificationToken, type: "url_verification" };
      // The challenge carries no signature headers, only the (possibly encrypted) body.
      const sealed = sealEvent(tenant, plain, encryptKey, o, false);
      return postInbound(target, sealed.headers, sealed.body, o.ackWindowMs ?? 1000);
    },
    redeliver: (previous, o = {}) => postInbound(previous.sent.url, previous.sent.headers, previous.sent.body, o.ackWindowMs ?? FEISHU_ACK_WINDOW_MS),
    wsConnections: hub.connections,
    wsAcks: hub.acks,
    wsPings: hub.pings,
    pushMessageEvent: (input, o = {}) => hub.push(messageEvent(tenant, verificationToken, input), o),
    pushCardAction,
    oauth,
    contacts,
    async stop() {
      hub.closeAll();
      for (const j of [tenant.messages, tenant.edits, tenant.calls, tenant.images, callbacks]) j.close();
      await http.stop();
    },
  };
  control = {
    state: () => ({ messages: tenant.messages.items, callbacks: callbacks.items.map(({ result, ...c }) => ({ ...c, status: result.status })) }),
    message: (b) => fake.sendMessageEvent(String(b.target), b as unknown as MessageEventInput),
    "card-action": (b) => sendCardAction(String(b.target), b as unknown as CardActionInput, { legacy: b.legacy === true }),
  };
  return fake;
}

/**
 * The parts of a multipart/form-data body by name, as bytes. Not Request.formData(): the Lark SDK sends the image part
 * without a filename, which that parser reads as text (so the PNG's bytes would be lost to UTF-8 decoding).
 */
function multipartParts(contentType: string, body: Uint8Array): Map<string, Uint8Array> {
  const parts = new Map<string, Uint8Array>();
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) return parts;
  const buf = Buffer.from(body);
  const delimiter = Buffer.from(`--${boundary}`);
  let at = buf.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length + 2; // past the delimiter's CRLF
    const next = buf.indexOf(delimiter, start);
    if (next === -1) break;
    const part = buf.subarray(start, next - 2); // before the CRLF that precedes the next delimiter
    const split = part.indexOf("\r\n\r\n");
    const name = split === -1 ? undefined : /name="([^"]*)"/.exec(part.subarray(0, split).toString())?.[1];
    if (name !== undefined) parts.set(name, new Uint8Array(part.subarray(split + 4)));
    at = next;
  }
  return parts;
}

export const start = startFeishuFake;

if (import.meta.main) {
  const fake = await startFeishuFake({ port: Number(process.env.PORT ?? 0), encryptKey: process.env.FEISHU_ENCRYPT_KEY || undefined });
  console.log(`Feishu fake on ${fake.url}  (new lark.Client({ domain: "${fake.url}", ... }))`);
  console.log(`  app id / secret:    ${fake.appId} / ${fake.appSecret}`);
  console.log(`  verification token: ${fake.verificationToken}`);
  console.log(`  encrypt key:        ${fake.encryptKey ?? "(none)"}`);
  console.log(`  chats:              ${[...fake.tenant.chats].join(", ")}`);
  fake.calls.subscribe((c) => console.log(`${c.method} ${c.path} ${c.status} ${JSON.stringify(c.body).slice(0, 200)}`));
  process.on("SIGINT", () => void fake.stop().then(() => process.exit(0)));
}
