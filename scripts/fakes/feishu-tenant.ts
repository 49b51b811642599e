/**
 * The Feishu stand-in's in-memory tenant: app credentials and tokens, chats, users, the bot's
 * messages (cards with their update history) and card-callback tokens, plus the open API
 * methods. Answers are `{code, msg, data}`; failures use HTTP 400 like the platform.
 */
import { isRecord, Journal, parseJson, Sequence } from "./chat-server.ts";

/** Card and rich-text request bodies over 30 KB are refused (230025). */
export const FEISHU_MAX_CARD_BYTES = 30 * 1024;
export const FEISHU_CARD_TOKEN_TTL_MS = 30 * 60 * 1000;
export const FEISHU_CARD_TOKEN_USES = 2;

export interface FeishuUser {
  open_id: string;
  user_id: string;
  union_id: string;
  name: string;
}

export interface FeishuFakeOptions {
  port?: number;
  appId?: string;
  appSecret?: string;
  verificationToken?: string;
  /** When set, inbound events and new card callbacks are encrypted and carry signature headers. */
  encryptKey?: string;
  tenantKey?: string;
  botOpenId?: string;
  botName?: string;
  /** Group chats the bot is in (`oc_…`). */
  chats?: string[];
  users?: FeishuUser[];
  tokenTtlSec?: number;
  now?: () => number;
}

export interface FeishuMessageVersion {
  content: string;
  via: string;
}

export interface FeishuMessage {
  message_id: string;
  chat_id: string;
  chat_type: "group" | "p2p";
  msg_type: string;
  /** The `content` string as sent (a JSON string). */
  content: string;
  root_id?: string;
  parent_id?: string;
  /** set when the bot replied with `reply_in_thread: true` (the answer shows in the thread) */
  thread_id?: string;
  uuid?: string;
  create_time: string;
  update_time: string;
  updated: boolean;
  deleted: boolean;
  /** Earlier versions, oldest first. */
  history: FeishuMessageVersion[];
  /** Versions shown to single users only (delayed update with `card.open_ids`). */
  perUser: Record<string, string>;
}

export interface FeishuApiCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  token?: string;
  status: number;
  response: Record<string, unknown>;
}

/** An uploaded image (`im.image.create`). */
export interface FeishuImage {
  image_key: string;
  image_type: "message" | "avatar";
  format: string;
  bytes: Uint8Array;
}

export interface FeishuCardToken {
  token: string;
  message_id: string;
  issuedAt: number;
  uses: number;
  /** True while the callback that carried it has not been answered. */
  pending: boolean;
}

type Reply = { status: number; body: Record<string, unknown> };
const ok = (data: Record<string, unknown> = {}): Reply => ({ status: 200, body: { code: 0, msg: "success", data } });
const fail = (code: number, msg: string): Reply => ({ status: 400, body: { code, msg } });
const RECEIVE_ID_TYPES = ["chat_id", "open_id", "user_id", "union_id", "email"];

export class FeishuTenant {
  readonly appId: string;
  readonly appSecret: string;
  readonly tenantKey: string;
  readonly botOpenId: string;
  readonly botName: string;
  readonly now: () => number;
  readonly tokenTtlSec: number;
  readonly chats: Set<string>;
  readonly users = new Map<string, FeishuUser>();
  readonly tokens = new Map<string, number>();
  readonly cardTokens = new Map<string, FeishuCardToken>();
  readonly messages = new Journal<FeishuMessage>("feishu messages");
  readonly edits = new Journal<FeishuMessage>("feishu message edits");
  readonly calls = new Journal<FeishuApiCall>("feishu api calls");
  /** Images the app uploaded (im.image.create), with their bytes. */
  readonly images = new Journal<FeishuImage>("feishu images");
  /** Users' messages the fake delivered to the app (so the reply API can answer them). */
  readonly userMessages = new Map<string, { message_id: string; chat_id: string; chat_type: "group" | "p2p"; root_id?: string }>();
  readonly seq = new Sequence();

  constructor(opts: FeishuFakeOptions) {
    // WSClient.start() silently refuses an app id that is not `cli_` + 16 hex digits.
    this.appId = opts.appId ?? "cli_fa6e000000000001";
    this.appSecret = opts.appSecret ?? "fake-app-secret";
    this.tenantKey = opts.tenantKey ?? "fake_tenant_key";
    this.botOpenId = opts.botOpenId ?? "ou_fake_bot";
    this.botName = opts.botName ?? "OPS Bot";
    this.now = opts.now ?? Date.now;
    this.tokenTtlSec = opts.tokenTtlSec ?? 7200;
    this.chats = new Set(opts.chats ?? ["oc_fake_ops"]);
    const users = opts.users ?? [
      { open_id: "ou_fake_alice", user_id: "alice", union_id: "on_fake_alice", name: "Alice" },
      { open_id: "ou_fake_bob", user_id: "bob", union_id: "on_fake_bob", name: "Bob" },
    ];
    for (const u of users) this.users.set(u.open_id, u);
  }

  findMessage(id: string): FeishuMessage | undefined {
    return this.messages.items.find((m) => m.message_id === id);
  }

  newCardToken(messageId: string): FeishuCardToken {
    const t: FeishuCardToken = { token: `c-fake${this.seq.pad(10)}`, message_id: messageId, issuedAt: this.now(), uses: 0, pending: true };
    this.cardTokens.set(t.token, t);
    return t;
  }

  handle(method: string, path: string, query: Record<string, string>, body: Record<string, unknown>, token: string | undefined): Reply {
    const reply = this.route(method, path, query, body, token);
    this.calls.add({ method, path, query, body, token, status: reply.status, response: reply.body });
    return reply;
  }

  private route(method: string, path: string, query: Record<string, string>, body: Record<string, unknown>, token: string | undefined): Reply {
    if (method === "POST" && path === "/open-apis/auth/v3/tenant_access_token/internal") return this.issueToken(body, false);
    if (method === "POST" && path === "/open-apis/auth/v3/app_access_token/internal") return this.issueToken(body, true);
    if (!token) return fail(99991661, "Missing access token for authorization. Please make a request with token attached.");
    const expiry = this.tokens.get(token);
    if (expiry === undefined || expiry <= this.now()) return fail(99991663, "Invalid access token for authorization. Please make a request with token attached.");
    if (method === "POST" && path === "/open-apis/im/v1/messages") return this.create(query, body);
    if (method === "POST" && path === "/open-apis/im/v1/images") return this.uploadImage(body);
    const m = /^\/open-apis\/im\/v1\/messages\/([^/]+)(\/reply)?$/.exec(path);
    if (m && method === "PATCH" && !m[2]) return this.patch(m[1] ?? "", body);
    if (m && method === "POST" && m[2]) return this.reply(m[1] ?? "", body);
    const contact = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(path);
    if (contact && method === "GET") return this.contactUser(decodeURIComponent(contact[1] ?? ""), query.user_id_type ?? "open_id");
    // The documented method is POST; PUT is accepted too so a wrong verb is not what a test trips on.
    if ((method === "POST" || method === "PUT") && path === "/open-apis/interactive/v1/card/update") return this.delayedUpdate(body);
    return { status: 404, body: { code: 404, msg: "404 page not found" } };
  }

  /**
   * `POST /open-apis/im/v1/images` (上传图片, multipart: image_type, image): an image_key cards' `img` elements name.
   * At most 10 MB, not empty, a format Feishu reads (PNG, JPEG, GIF, WEBP, BMP here); the codes are approximated.
   */
  private uploadImage(body: Record<string, unknown>): Reply {
    if (body.image_type !== "message" && body.image_type !== "avatar") return fail(234001, "Invalid request param. image_type");
    const bytes = body.image;
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) return fail(234010, "File's size can't be 0.");
    if (bytes.length > 10 * 1024 * 1024) return fail(234006, "The file size exceed the max value.");
    const head = Buffer.from(bytes.subarray(0, 12));
    const format = head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? "png"
      : head[0] === 0xff && head[1] === 0xd8 ? "jpeg" : head.subarray(0, 3).toString() === "GIF" ? "gif"
      : head.subarray(0, 4).toString() === "RIFF" && head.subarray(8, 12).toString() === "WEBP" ? "webp" : head.subarray(0, 2).toString() === "BM" ? "bmp" : null;
    if (!format) return fail(234011, "Can't recognize image format.");
    const image: FeishuImage = { image_key: `img_v3_fake${this.seq.pad(10)}`, image_type: body.image_type, format, bytes };
    this.images.add(image);
    return ok({ image_key: image.image_key });
  }

  /** A card naming an image_key nobody uploaded is refused, as Feishu refuses it. */
  private unknownImage(content: string): Reply | undefined {
    for (const m of content.matchAll(/"img_key":"([^"]*)"/g))
      if (!this.images.items.some((i) => i.image_key === m[1])) return fail(230099, `Failed to create card content, ext=ErrCode: 11310; ErrMsg: image key ${m[1]} not found`);
    return undefined;
  }

  /** `GET /open-apis/contact/v3/users/:id` (获取单个用户信息); the code for an unknown user is approximated. */
  private contactUser(id: string, idType: string): Reply {
    const key = idType === "user_id" ? "user_id" : idType === "union_id" ? "union_id" : "open_id";
    const u = [...this.users.values()].find((x) => x[key] === id);
    if (!u) return fail(41050, "no user authority error");
    return ok({ user: { open_id: u.open_id, user_id: u.user_id, union_id: u.union_id, name: u.name, en_name: u.name, status: { is_activated: true } } });
  }

  private issueToken(body: Record<string, unknown>, withAppToken: boolean): Reply {
    if (body.app_id !== this.appId) return fail(10003, "invalid param: app_id");
    if (body.app_secret !== this.appSecret) return fail(10014, "app secret invalid");
    const token = `t-fake${this.seq.pad(10)}`;
    this.tokens.set(token, this.now() + this.tokenTtlSec * 1000);
    const data = { code: 0, msg: "ok", tenant_access_token: token, expire: this.tokenTtlSec };
    return { status: 200, body: withAppToken ? { ...data, app_access_token: `a-fake${this.seq.pad(10)}` } : data };
  }

  /** Which chat a receive id lands in; a user id means the bot's p2p chat with that user. */
  private resolveReceiver(type: string, id: unknown): { chat_id: string; chat_type: "group" | "p2p" } | Reply {
    if (typeof id !== "string" || !id) return fail(230001, "Your request contains an invalid request parameter, ext=receive_id is empty");
    if (type === "chat_id") return this.chats.has(id) ? { chat_id: id, chat_type: "group" } : fail(230002, "Bot/User can NOT be out of the chat.");
    const user = [...this.users.values()].find((u) => (type === "open_id" ? u.open_id : type === "user_id" ? u.user_id : type === "union_id" ? u.union_id : `${u.user_id}@example.com`) === id);
    if (!user) return fail(230013, "Bot has NO availability to this user.");
    return { chat_id: `oc_p2p_${user.open_id.replace(/^ou_/, "")}`, chat_type: "p2p" };
  }

  /** Checks a `content` string for its message type; returns an error reply or undefined. */
  private checkContent(msgType: unknown, content: unknown): Reply | undefined {
    if (typeof msgType !== "string" || !msgType) return fail(230001, "Your request contains an invalid request parameter, ext=msg_type is empty");
    if (typeof content !== "string") return fail(230001, "Your request contains an invalid request parameter, ext=content must be a JSON string");
    if (!isRecord(parseJson(content))) return fail(230001, "Your request contains an invalid request parameter, ext=content is not valid JSON");
    const limit = msgType === "text" ? 150 * 1024 : FEISHU_MAX_CARD_BYTES;
    if (Buffer.byteLength(content) > limit) return fail(230025, "The length of the message content reaches its limit.");
    return this.unknownImage(content);
  }

  private create(query: Record<string, string>, body: Record<string, unknown>): Reply {
    const type = query.receive_id_type ?? "";
    if (!RECEIVE_ID_TYPES.includes(type)) return fail(99992402, "field validation failed: receive_id_type");
    const dup = typeof body.uuid === "string" ? this.messages.items.find((x) => x.uuid === body.uuid) : undefined;
    if (dup) return ok(this.wire(dup));
    const target = this.resolveReceiver(type, body.receive_id);
    if ("status" in target) return target;
    const bad = this.checkContent(body.msg_type, body.content);
    if (bad) return bad;
    const msg = this.addMessage(target.chat_id, target.chat_type, String(body.msg_type), String(body.content), typeof body.uuid === "string" ? body.uuid : undefined);
    return ok(this.wire(msg));
  }

  addMessage(chatId: string, chatType: "group" | "p2p", msgType: string, content: string, uuid?: string, parent?: FeishuMessage): FeishuMessage {
    const t = String(this.now());
    return this.messages.add({
      message_id: `om_fake${this.seq.pad(10)}`,
      chat_id: chatId,
      chat_type: chatType,
      msg_type: msgType,
      content,
      create_time: t,
      update_time: t,
      updated: false,
      deleted: false,
      history: [],
      perUser: {},
      ...(uuid ? { uuid } : {}),
      ...(parent ? { root_id: parent.root_id ?? parent.message_id, parent_id: parent.message_id } : {}),
    });
  }

  wire(m: FeishuMessage): Record<string, unknown> {
    return {
      message_id: m.message_id,
      ...(m.root_id ? { root_id: m.root_id, parent_id: m.parent_id } : {}),
      ...(m.thread_id ? { thread_id: m.thread_id } : {}),
      msg_type: m.msg_type,
      create_time: m.create_time,
      update_time: m.update_time,
      deleted: m.deleted,
      updated: m.updated,
      chat_id: m.chat_id,
      sender: { id: this.appId, id_type: "app_id", sender_type: "app", tenant_key: this.tenantKey },
      body: { content: m.content },
    };
  }

  /** Replaces a card for everyone; `via` names the route (patch, callback response, delayed update). */
  updateCard(m: FeishuMessage, content: string, via: string): void {
    m.history.push({ content: m.content, via });
    m.content = content;
    m.updated = true;
    m.update_time = String(this.now());
    this.edits.add(m);
  }

  private patch(id: string, body: Record<string, unknown>): Reply {
    const m = this.findMessage(id);
    if (!m) return fail(230001, "Your request contains an invalid request parameter, ext=message not found");
    if (m.deleted) return fail(230011, "The message is recalled.");
    if (m.msg_type !== "interactive") return fail(230001, "Your request contains an invalid request parameter, ext=only cards can be patched");
    const bad = this.checkContent("interactive", body.content);
    if (bad) return bad;
    // Only shared cards can be patched: JSON 2.0 cards always are, 1.0 cards need update_multi before and after.
    if (!isSharedCard(m.content) || !isSharedCard(String(body.content))) {
      return fail(230001, "Your request contains an invalid request parameter, ext=card must set config.update_multi=true before and after the update");
    }
    this.updateCard(m, String(body.content), "patch");
    return ok();
  }

  private reply(id: string, body: Record<string, unknown>): Reply {
    const parent = this.findMessage(id) ?? this.userParent(id);
    if (!parent) return fail(230001, "Your request contains an invalid request parameter, ext=message not found");
    if (parent.deleted) return fail(230011, "The message is recalled.");
    const bad = this.checkContent(body.msg_type, body.content);
    if (bad) return bad;
    const msg = this.addMessage(parent.chat_id, parent.chat_type, String(body.msg_type), String(body.content), typeof body.uuid === "string" ? body.uuid : undefined, parent);
    if (body.reply_in_thread === true) msg.thread_id = `omt_${(msg.root_id ?? msg.message_id).replace(/^om_/, "")}`;
    return ok(this.wire(msg));
  }

  /** A user's message as the parent of a reply (only ids and where it is matter). */
  private userParent(id: string): FeishuMessage | undefined {
    const u = this.userMessages.get(id);
    if (!u) return undefined;
    const t = String(this.now());
    return { ...u, msg_type: "text", content: "{}", create_time: t, update_time: t, updated: false, deleted: false, history: [], perUser: {} };
  }

  private delayedUpdate(body: Record<string, unknown>): Reply {
    const t = typeof body.token === "string" ? this.cardTokens.get(body.token) : undefined;
    if (!t) return fail(230001, "Your request contains an invalid request parameter, ext=token is invalid");
    if (this.now() - t.issuedAt > FEISHU_CARD_TOKEN_TTL_MS) return fail(230001, "Your request contains an invalid request parameter, ext=token expired (30 min)");
    if (t.uses >= FEISHU_CARD_TOKEN_USES) return fail(230001, "Your request contains an invalid request parameter, ext=token already used twice");
    // The platform says the delayed update must follow the callback response, or it fails or reverts.
    if (t.pending) return fail(230001, "Your request contains an invalid request parameter, ext=delayed update sent before the callback was answered");
    const m = this.findMessage(t.message_id);
    if (!m || !isRecord(body.card)) return fail(230001, "Your request contains an invalid request parameter, ext=card is required");
    t.uses += 1;
    const { open_ids: openIds, ...card } = body.card;
    if (Array.isArray(openIds)) {
      for (const id of openIds) m.perUser[String(id)] = JSON.stringify(card);
      this.edits.add(m);
    } else {
      this.updateCard(m, JSON.stringify(card), "delayed_update");
    }
    return ok();
  }
}

export function isSharedCard(content: string): boolean {
  const card = parseJson(content);
  if (!isRecord(card)) return false;
  if (card.type === "template") return true;
  if (card.schema === "2.0") return true;
  return isRecord(card.config) && card.config.update_multi === true;
}
