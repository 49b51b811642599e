/**
 * The DingTalk stand-in's in-memory organisation: app credentials, tokens, stream tickets,
 * session webhooks, custom group robots and interactive cards, plus the HTTP endpoints the bot
 * calls. OpenAPI (api.dingtalk.com) errors are `{code, message}`; oapi/robot ones `{errcode, errmsg}`.
 */
import { isRecord, Journal, Sequence } from "./chat-server.ts";
import { dingtalkSignValid } from "./signing/dingtalk.ts";

export const DINGTALK_TICKET_TTL_MS = 90_000;
export const DINGTALK_SESSION_TTL_MS = 90 * 60 * 1000;
const SESSION_MSG_TYPES = ["text", "markdown", "actionCard", "link", "feedCard"];

export interface DingTalkUser {
  userId: string;
  nick: string;
  /** `senderId` in robot messages (the platform's `$:LWCP_v1:$…` id). */
  dingtalkId: string;
  unionId: string;
}

export interface DingTalkFakeOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  robotCode?: string;
  corpId?: string;
  chatbotUserId?: string;
  users?: DingTalkUser[];
  /** Custom group robots: access_token → `SEC…` signing secret. */
  customRobots?: Record<string, string>;
  now?: () => number;
}

export interface DingTalkSession {
  id: string;
  conversationId: string;
  expiresAt: number;
}

export interface DingTalkCardVersion {
  cardData: Record<string, string>;
  via: string;
}

export interface DingTalkCard {
  outTrackId: string;
  cardTemplateId: string;
  callbackType: string;
  openSpaceId: string;
  spaceType: string;
  spaceId: string;
  cardData: Record<string, string>;
  /** userId → that user's private card data. */
  privateData: Record<string, Record<string, string>>;
  history: DingTalkCardVersion[];
}

export interface DingTalkHttpCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  token?: string;
  status: number;
  response: Record<string, unknown>;
}

/** A robot's 1:1 message (`/v1.0/robot/oToMessages/batchSend`), one entry per recipient. */
export interface DingTalkRobotMessage {
  robotCode: string;
  userId: string;
  msgKey: string;
  /** `msgParam`, parsed */
  msgParam: Record<string, unknown>;
  processQueryKey: string;
}

/** Robot message templates the fake knows, with the msgParam keys each needs. */
const actionKeys = (n: number) => Array.from({ length: n }, (_, i) => [`actionTitle${i + 1}`, `actionURL${i + 1}`]).flat();
const ROBOT_MSG_KEYS: Record<string, string[]> = {
  sampleText: ["content"],
  sampleMarkdown: ["title", "text"],
  sampleLink: ["title", "text", "messageUrl"],
  sampleActionCard: ["title", "text", "singleTitle", "singleURL"],
  ...Object.fromEntries([2, 3, 4, 5].map((n) => [`sampleActionCard${n}`, ["title", "text", ...actionKeys(n)]])),
};

export interface DingTalkWebhookPost {
  kind: "session" | "custom_robot";
  /** Session id, or the custom robot's access_token. */
  target: string;
  conversationId?: string;
  msgtype: string;
  body: Record<string, unknown>;
}

type Reply = { status: number; body: Record<string, unknown> };
const apiError = (status: number, code: string, message: string): Reply => ({ status, body: { code, requestid: "fake-request", message } });
const robotError = (errcode: number, errmsg: string): Reply => ({ status: 200, body: { errcode, errmsg } });

export class DingTalkOrg {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly robotCode: string;
  readonly corpId: string;
  readonly chatbotUserId: string;
  readonly now: () => number;
  readonly users = new Map<string, DingTalkUser>();
  readonly customRobots: Map<string, string>;
  readonly tokens = new Map<string, number>();
  readonly tickets = new Map<string, { issuedAt: number; used: boolean; subscriptions: unknown }>();
  readonly sessions = new Map<string, DingTalkSession>();
  readonly cards = new Map<string, DingTalkCard>();
  readonly calls = new Journal<DingTalkHttpCall>("dingtalk http calls");
  readonly webhooks = new Journal<DingTalkWebhookPost>("dingtalk webhook posts");
  readonly cardEdits = new Journal<DingTalkCard>("dingtalk card updates");
  readonly robotMessages = new Journal<DingTalkRobotMessage>("dingtalk robot 1:1 messages");
  readonly seq = new Sequence();

  constructor(opts: DingTalkFakeOptions) {
    this.clientId = opts.clientId ?? "dingfakeclientid0001";
    this.clientSecret = opts.clientSecret ?? "fake-client-secret";
    this.robotCode = opts.robotCode ?? this.clientId;
    this.corpId = opts.corpId ?? "dingfakecorp0001";
    this.chatbotUserId = opts.chatbotUserId ?? "$:LWCP_v1:$fakebot0001";
    this.now = opts.now ?? Date.now;
    this.customRobots = new Map(Object.entries(opts.customRobots ?? { "fake-robot-token": "SECfakecustomrobotsecret" }));
    const users = opts.users ?? [
      { userId: "alice01", nick: "Alice", dingtalkId: "$:LWCP_v1:$alice0001", unionId: "union-alice" },
      { userId: "bob02", nick: "Bob", dingtalkId: "$:LWCP_v1:$bob00002", unionId: "union-bob" },
    ];
    for (const u of users) this.users.set(u.userId, u);
  }

  newSession(conversationId: string): DingTalkSession {
    const s = { id: `fake-session-${this.seq.pad(8)}`, conversationId, expiresAt: this.now() + DINGTALK_SESSION_TTL_MS };
    this.sessions.set(s.id, s);
    return s;
  }

  /** A ticket is good for one connection within 90 s. */
  takeTicket(ticket: string | null): { subscriptions: unknown } | undefined {
    const t = ticket ? this.tickets.get(ticket) : undefined;
    if (!t || t.used || this.now() - t.issuedAt > DINGTALK_TICKET_TTL_MS) return undefined;
    t.used = true;
    return t;
  }

  handle(method: string, path: string, query: Record<string, string>, body: Record<string, unknown>, token: string | undefined, wsBase: string): Reply {
    const reply = this.route(method, path, query, body, token, wsBase);
    this.calls.add({ method, path, query, body, token, status: reply.status, response: reply.body });
    return reply;
  }

  private route(method: string, path: string, query: Record<string, string>, body: Record<string, unknown>, token: string | undefined, wsBase: string): Reply {
    if (method === "POST" && path === "/v1.0/gateway/connections/open") return this.openGateway(body, wsBase);
    if (method === "POST" && path === "/v1.0/oauth2/accessToken") return this.oauthToken(body.appKey, body.appSecret);
    if (method === "GET" && path === "/gettoken") return this.legacyToken(query.appkey, query.appsecret);
    if (method === "POST" && path === "/robot/sendBySession") return this.sessionReply(query.session, body);
    if (method === "POST" && path === "/robot/send") return this.customRobot(query, body);
    if (path.startsWith("/v1.0/card/") || path.startsWith("/v1.0/robot/")) {
      const expiry = token ? this.tokens.get(token) : undefined;
      if (expiry === undefined || expiry <= this.now()) return apiError(401, "InvalidAuthentication", "不合法的access_token");
      if (method === "POST" && path === "/v1.0/card/instances/createAndDeliver") return this.createCard(body);
      if (method === "PUT" && path === "/v1.0/card/instances") return this.updateCard(body);
      if (method === "POST" && path === "/v1.0/robot/oToMessages/batchSend") return this.robotOneToOne(body);
    }
    return apiError(404, "InvalidAction.NotFound", `Specified api is not found: ${method} ${path}`);
  }

  private openGateway(body: Record<string, unknown>, wsBase: string): Reply {
    if (body.clientId !== this.clientId || body.clientSecret !== this.clientSecret) return apiError(401, "InvalidAuthentication", "clientId or clientSecret is invalid");
    const ticket = `fake-ticket-${this.seq.pad(8)}`;
    this.tickets.set(ticket, { issuedAt: this.now(), used: false, subscriptions: body.subscriptions });
    return { status: 200, body: { endpoint: `${wsBase}/connect`, ticket } };
  }

  private issueToken(): string {
    const token = `fake-access-token-${this.seq.pad(8)}`;
    this.tokens.set(token, this.now() + 7200 * 1000);
    return token;
  }

  private oauthToken(appKey: unknown, appSecret: unknown): Reply {
    if (appKey !== this.clientId || appSecret !== this.clientSecret) return apiError(400, "invalidClientSecret", "无效的appSecret");
    return { status: 200, body: { accessToken: this.issueToken(), expireIn: 7200 } };
  }

  private legacyToken(appKey: unknown, appSecret: unknown): Reply {
    if (appKey !== this.clientId || appSecret !== this.clientSecret) return robotError(40089, "不合法的corpid或corpsecret");
    return { status: 200, body: { errcode: 0, errmsg: "ok", access_token: this.issueToken(), expires_in: 7200 } };
  }

  private checkRobotMessage(body: Record<string, unknown>): Reply | undefined {
    const type = body.msgtype;
    if (typeof type !== "string" || !SESSION_MSG_TYPES.includes(type)) return robotError(40035, `不合法的参数: msgtype ${String(type)} is not supported here`);
    const content = body[type];
    if (!isRecord(content)) return robotError(40035, `缺少参数 ${type}`);
    const need: Record<string, string[]> = { text: ["content"], markdown: ["title", "text"], actionCard: ["title", "text"], link: ["title", "text", "messageUrl"], feedCard: ["links"] };
    const missing = (need[type] ?? []).find((k) => content[k] === undefined || content[k] === "");
    return missing ? robotError(40035, `缺少参数 ${type}.${missing}`) : undefined;
  }

  private sessionReply(sessionId: string | undefined, body: Record<string, unknown>): Reply {
    const s = sessionId ? this.sessions.get(sessionId) : undefined;
    if (!s) return robotError(300001, "session is not exist");
    if (this.now() > s.expiresAt) return robotError(300002, "session is expired");
    const bad = this.checkRobotMessage(body);
    if (bad) return bad;
    this.webhooks.add({ kind: "session", target: s.id, conversationId: s.conversationId, msgtype: String(body.msgtype), body });
    return robotError(0, "ok");
  }

  private customRobot(query: Record<string, string>, body: Record<string, unknown>): Reply {
    const secret = query.access_token ? this.customRobots.get(query.access_token) : undefined;
    if (secret === undefined) return robotError(300001, "token is not exist");
    if (!dingtalkSignValid(secret, query.timestamp ?? "", query.sign ?? "", this.now())) return robotError(310000, "sign not match");
    const bad = this.checkRobotMessage(body);
    if (bad) return bad;
    this.webhooks.add({ kind: "custom_robot", target: query.access_token ?? "", msgtype: String(body.msgtype), body });
    return robotError(0, "ok");
  }

  /**
   * 批量发送人与机器人会话中机器人消息: `{robotCode, userIds, msgKey, msgParam (a JSON string)}` →
   * `{processQueryKey, invalidStaffIdList, flowControlledStaffIdList}`; unknown users are listed as
   * invalid, not refused. Parameter errors use the OpenAPI `{code, message}` shape (codes approximated).
   */
  private robotOneToOne(body: Record<string, unknown>): Reply {
    if (body.robotCode !== this.robotCode) return apiError(400, "resource.not.found", "robot 不存在");
    const userIds = Array.isArray(body.userIds) ? body.userIds.filter((u): u is string => typeof u === "string") : [];
    if (!userIds.length || userIds.length > 20) return apiError(400, "param.error", "userIds must name 1-20 users");
    const need = typeof body.msgKey === "string" ? ROBOT_MSG_KEYS[body.msgKey] : undefined;
    if (!need) return apiError(400, "param.error", `msgKey ${String(body.msgKey)} is not supported`);
    let param: unknown;
    try {
      param = typeof body.msgParam === "string" ? JSON.parse(body.msgParam) : undefined;
    } catch {
      param = undefined;
    }
    if (!isRecord(param)) return apiError(400, "param.error", "msgParam must be a JSON string");
    const missing = need.find((k) => typeof param[k] !== "string" || param[k] === "");
    if (missing) return apiError(400, "param.error", `msgParam.${missing} is required`);
    const processQueryKey = `fake-query-${this.seq.pad(8)}`;
    const invalid = userIds.filter((u) => !this.users.has(u));
    for (const userId of userIds.filter((u) => this.users.has(u))) {
      this.robotMessages.add({ robotCode: this.robotCode, userId, msgKey: String(body.msgKey), msgParam: param, processQueryKey });
    }
    return { status: 200, body: { processQueryKey, invalidStaffIdList: invalid, flowControlledStaffIdList: [] } };
  }

  private paramMap(data: unknown): Record<string, string> | string {
    if (data === undefined) return {};
    const map = isRecord(data) ? data.cardParamMap : undefined;
    if (!isRecord(map)) return "cardParamMap is required";
    const bad = Object.entries(map).find(([, v]) => typeof v !== "string");
    return bad ? `cardParamMap.${bad[0]} must be a string (JSON-stringify objects)` : (map as Record<string, string>);
  }

  private createCard(body: Record<string, unknown>): Reply {
    const { cardTemplateId, outTrackId, openSpaceId } = body;
    if (typeof cardTemplateId !== "string" || typeof outTrackId !== "string" || typeof openSpaceId !== "string") {
      return apiError(400, "param.error", "cardTemplateId, outTrackId and openSpaceId are required");
    }
    if (this.cards.has(outTrackId)) return apiError(400, "card.outTrackIdExist", `outTrackId ${outTrackId} already exists`);
    const cardData = this.paramMap(body.cardData);
    if (typeof cardData === "string") return apiError(400, "param.error", cardData);
    const space = /^dtv1\.card\/\/(IM_GROUP|IM_ROBOT|IM_SINGLE|ONE_BOX)\.(.+)$/.exec(openSpaceId);
    if (!space) return apiError(400, "param.error", `openSpaceId ${openSpaceId} is malformed`);
    // a group delivery names the robot that posts it (imGroupOpenDeliverModel.robotCode), as the real API requires
    const deliver = isRecord(body.imGroupOpenDeliverModel) ? body.imGroupOpenDeliverModel : undefined;
    if (space[1] === "IM_GROUP" && deliver?.robotCode !== this.robotCode) return apiError(400, "param.error", "imGroupOpenDeliverModel.robotCode is required for IM_GROUP");
    const card: DingTalkCard = {
      outTrackId,
      cardTemplateId,
      callbackType: typeof body.callbackType === "string" ? body.callbackType : "HTTP",
      openSpaceId,
      spaceType: space[1] ?? "",
      spaceId: space[2] ?? "",
      cardData,
      privateData: {},
      history: [],
    };
    this.cards.set(outTrackId, card);
    const deliverResults = [{ spaceType: card.spaceType, spaceId: card.spaceId, success: true, carrierId: `fake-carrier-${this.seq.pad(6)}` }];
    return { status: 200, body: { success: true, result: { outTrackId, deliverResults } } };
  }

  private updateCard(body: Record<string, unknown>): Reply {
    const card = typeof body.outTrackId === "string" ? this.cards.get(body.outTrackId) : undefined;
    if (!card) return apiError(400, "card.notExist", "card instance does not exist");
    const err = this.applyCardUpdate(card, body, "update");
    return err ? apiError(400, "param.error", err) : { status: 200, body: { success: true, result: true } };
  }

  /**
   * Applies `{cardData, privateData | userPrivateData, cardUpdateOptions}` (the PUT body, or a card
   * callback's answer). Without `updateCardDataByKey` the new map replaces the old one.
   */
  applyCardUpdate(card: DingTalkCard, body: Record<string, unknown>, via: string, userId?: string): string | undefined {
    const opts = isRecord(body.cardUpdateOptions) ? body.cardUpdateOptions : {};
    const shared = body.cardData === undefined ? undefined : this.paramMap(body.cardData);
    if (typeof shared === "string") return shared;
    const privateBlocks: Record<string, unknown> = isRecord(body.privateData) ? body.privateData : {};
    if (userId && body.userPrivateData !== undefined) privateBlocks[userId] = body.userPrivateData;
    const privates: Record<string, Record<string, string>> = {};
    for (const [uid, data] of Object.entries(privateBlocks)) {
      const map = this.paramMap(data);
      if (typeof map === "string") return map;
      privates[uid] = map;
    }
    if (shared) {
      card.history.push({ cardData: card.cardData, via });
      card.cardData = opts.updateCardDataByKey ? { ...card.cardData, ...shared } : shared;
    }
    for (const [uid, map] of Object.entries(privates)) {
      card.privateData[uid] = opts.updatePrivateDataByKey ? { ...card.privateData[uid], ...map } : map;
    }
    if (shared || Object.keys(privates).length) this.cardEdits.add(card);
    return undefined;
  }
}
