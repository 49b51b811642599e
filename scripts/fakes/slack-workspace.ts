/**
 * The Slack stand-in's in-memory workspace: channels, users, the bot's messages with their edit
 * history, ephemeral messages, modals, trigger ids and response_url targets, plus the Web API
 * methods the SDK calls. Errors follow Slack: HTTP 200 with `{ok: false, error}`.
 */
import { isRecord, Journal, parseJson, Sequence } from "./chat-server.ts";

export const SLACK_MAX_BLOCKS = 50;
export const SLACK_MAX_TEXT = 40_000;
export const SLACK_TRIGGER_TTL_MS = 3_000;
export const SLACK_RESPONSE_URL_USES = 5;
export const SLACK_RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  email?: string;
  tz?: string;
}

export interface SlackFakeOptions {
  port?: number;
  botToken?: string;
  signingSecret?: string;
  /** The deprecated verification token Slack still puts in slash command bodies. */
  verificationToken?: string;
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** The app-level token (`xapp-…`) that may call `apps.connections.open` for Socket Mode. */
  appToken?: string;
  /** Channel ids the bot is in; posting elsewhere gives `channel_not_found`. */
  channels?: string[];
  users?: SlackUser[];
  /** Milliseconds clock for timestamps, trigger and response_url expiry. */
  now?: () => number;
}

export interface SlackMessageVersion {
  text: string;
  blocks: unknown[];
  via: string;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  thread_ts?: string;
  metadata?: unknown;
  user: string;
  bot_id: string;
  app_id: string;
  /** What created it: `chat.postMessage`, `response_url` (in_channel) or `ack` (in_channel). */
  via: string;
  deleted: boolean;
  /** Earlier versions, oldest first; the current one is `text`/`blocks`. */
  history: SlackMessageVersion[];
}

export interface SlackEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks: unknown[];
  via: string;
}

export interface SlackApiCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  response: Record<string, unknown>;
}

export interface SlackResponseTarget {
  id: string;
  channel: string;
  user: string;
  messageTs?: string;
  issuedAt: number;
  uses: number;
}

export interface SlackResponsePost {
  id: string;
  body: Record<string, unknown>;
  status: number;
  error?: string;
  via: "response_url" | "ack";
}

export interface SlackInjectedFailure {
  error?: string;
  /** 429 makes the SDK wait `retryAfter` seconds and retry. */
  status?: number;
  retryAfter?: number;
}

type Args = Record<string, unknown>;
type ApiResult = Record<string, unknown>;
export type CheckedContent = { valid: false; reply: ApiResult } | { valid: true; text: string; blocks: unknown[] | undefined };

export class SlackWorkspace {
  readonly botToken: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly now: () => number;
  readonly channels: Set<string>;
  readonly users = new Map<string, SlackUser>();
  readonly messages = new Journal<SlackMessage>("slack messages");
  readonly edits = new Journal<SlackMessage>("slack message edits");
  readonly ephemerals = new Journal<SlackEphemeral>("slack ephemerals");
  readonly calls = new Journal<SlackApiCall>("slack api calls");
  readonly responses = new Journal<SlackResponsePost>("slack response_url posts");
  readonly views = new Journal<{ trigger_id: string; view: Record<string, unknown> }>("slack views");
  readonly triggers = new Map<string, number>();
  readonly responseTargets = new Map<string, SlackResponseTarget>();
  readonly failures = new Map<string, SlackInjectedFailure[]>();
  readonly seq = new Sequence();

  constructor(opts: SlackFakeOptions) {
    this.botToken = opts.botToken ?? "xoxb-fake-bot-token";
    this.teamId = opts.teamId ?? "T0000FAKE";
    this.teamDomain = opts.teamDomain ?? "fake-team";
    this.botUserId = opts.botUserId ?? "U0000BOT1";
    this.botId = opts.botId ?? "B0000BOT1";
    this.appId = opts.appId ?? "A0000APP1";
    this.now = opts.now ?? Date.now;
    this.channels = new Set(opts.channels ?? ["C0000OPS1"]);
    const users = opts.users ?? [
      { id: "U0000ALICE", name: "alice", real_name: "Alice Ops", email: "alice@example.com", tz: "Asia/Shanghai" },
      { id: "U0000BOB01", name: "bob", real_name: "Bob Dev", email: "bob@example.com", tz: "Asia/Shanghai" },
    ];
    for (const u of users) this.users.set(u.id, u);
  }

  /** A message `ts`: the clock's seconds plus a per-fake counter, unique and ordered. */
  newTs(): string {
    return `${Math.floor(this.now() / 1000)}.${this.seq.pad(6)}`;
  }

  newTriggerId(): string {
    const id = `${1000000000 + this.seq.next()}.${this.teamId}.${this.seq.pad(8)}`;
    this.triggers.set(id, this.now());
    return id;
  }

  newResponseTarget(baseUrl: string, channel: string, user: string, messageTs?: string): string {
    const id = `R${this.seq.pad(8)}`;
    this.responseTargets.set(id, { id, channel, user, messageTs, issuedAt: this.now(), uses: 0 });
    return `${baseUrl}/response/${id}`;
  }

  findMessage(channel: string, ts: string): SlackMessage | undefined {
    return this.messages.items.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Channels the bot may post in; a user id means the bot's DM with that user. */
  resolveChannel(channel: unknown): string | undefined {
    if (typeof channel !== "string" || !channel) return undefined;
    if (this.channels.has(channel)) return channel;
    if (this.users.has(channel)) return `D${channel.slice(1)}`;
    if (channel.startsWith("D") && this.users.has(`U${channel.slice(1)}`)) return channel;
    return undefined;
  }

  call(method: string, args: Args, token: string | undefined): { status: number; headers?: Record<string, string>; body: ApiResult } {
    const injected = this.failures.get(method)?.shift();
    let body: ApiResult;
    if (injected?.status === 429) {
      body = { ok: false, error: "ratelimited" };
      this.calls.add({ method, args, token, response: body });
      return { status: 429, headers: { "retry-after": String(injected.retryAfter ?? 1) }, body };
    }
    if (!token) body = { ok: false, error: "not_authed" };
    else if (token !== this.botToken) body = { ok: false, error: "invalid_auth" };
    else if (injected) body = { ok: false, error: injected.error ?? "internal_error" };
    else body = this.dispatch(method, args);
    this.calls.add({ method, args, token, response: body });
    return { status: 200, body };
  }

  private dispatch(method: string, args: Args): ApiResult {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: `https://${this.teamDomain}.slack.com/`,
          team: "Fake Team",
          user: "opsbot",
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        };
      case "chat.postMessage":
        return this.postMessage(args);
      case "chat.update":
        return this.update(args);
      case "chat.postEphemeral":
        return this.postEphemeral(args);
      case "views.open":
        return this.openView(args);
      case "users.info":
        return this.userInfo(args);
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  /** Text/blocks checks shared by every way of writing a message. */
  checkContent(text: unknown, blocks: unknown, requireOne: boolean): CheckedContent {
    const parsed = typeof blocks === "string" ? parseJson(blocks) : blocks;
    if (blocks !== undefined && !Array.isArray(parsed)) return { valid: false, reply: { ok: false, error: "invalid_blocks_format" } };
    const list = parsed as unknown[] | undefined;
    if (list && list.length > SLACK_MAX_BLOCKS) {
      const msg = `no more than ${SLACK_MAX_BLOCKS} items allowed [json-pointer:/blocks]`;
      return { valid: false, reply: { ok: false, error: "invalid_blocks", errors: [msg], response_metadata: { messages: [`[ERROR] ${msg}`] } } };
    }
    const str = typeof text === "string" ? text : "";
    if (str.length > SLACK_MAX_TEXT) return { valid: false, reply: { ok: false, error: "msg_too_long" } };
    if (requireOne && !str && !(list && list.length)) return { valid: false, reply: { ok: false, error: "no_text" } };
    return { valid: true, text: str, blocks: list };
  }

  private postMessage(args: Args): ApiResult {
    const channel = this.resolveChannel(args.channel);
    if (!channel) return { ok: false, error: "channel_not_found" };
    const content = this.checkContent(args.text, args.blocks, true);
    if (!content.valid) return content.reply;
    const thread = typeof args.thread_ts === "string" ? args.thread_ts : undefined;
    const metadata = typeof args.metadata === "string" ? parseJson(args.metadata) : args.metadata;
    const msg = this.addMessage(channel, content.text, content.blocks ?? [], "chat.postMessage", thread, metadata);
    return { ok: true, channel, ts: msg.ts, message: this.wire(msg) };
  }

  addMessage(channel: string, text: string, blocks: unknown[], via: string, thread_ts?: string, metadata?: unknown): SlackMessage {
    const msg: SlackMessage = {
      channel,
      ts: this.newTs(),
      text,
      blocks,
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      via,
      deleted: false,
      history: [],
      ...(thread_ts ? { thread_ts } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
    };
    return this.messages.add(msg);
  }

  /** The message as the Web API and interactivity payloads show it. */
  wire(m: SlackMessage): Record<string, unknown> {
    return {
      type: "message",
      user: m.user,
      bot_id: m.bot_id,
      app_id: m.app_id,
      text: m.text,
      blocks: m.blocks,
      ts: m.ts,
      team: this.teamId,
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(m.history.length ? { edited: { user: m.user, ts: m.ts } } : {}),
    };
  }

  private update(args: Args): ApiResult {
    const channel = this.resolveChannel(args.channel);
    if (!channel) return { ok: false, error: "channel_not_found" };
    const msg = typeof args.ts === "string" ? this.findMessage(channel, args.ts) : undefined;
    if (!msg || msg.deleted) return { ok: false, error: "message_not_found" };
    const content = this.checkContent(args.text, args.blocks, false);
    if (!content.valid) return content.reply;
    // Slack keeps the previous blocks unless the call passes `blocks` (an empty array clears them).
    this.edit(msg, args.text === undefined ? msg.text : content.text, content.blocks ?? msg.blocks, "chat.update");
    return { ok: true, channel, ts: msg.ts, text: msg.text, message: this.wire(msg) };
  }

  edit(msg: SlackMessage, text: string, blocks: unknown[], via: string): void {
    msg.history.push({ text: msg.text, blocks: msg.blocks, via: msg.history.length ? via : msg.via });
    msg.text = text;
    msg.blocks = blocks;
    this.edits.add(msg);
  }

  private postEphemeral(args: Args): ApiResult {
    const channel = this.resolveChannel(args.channel);
    if (!channel) return { ok: false, error: "channel_not_found" };
    if (typeof args.user !== "string" || !this.users.has(args.user)) return { ok: false, error: "user_not_in_channel" };
    const content = this.checkContent(args.text, args.blocks, true);
    if (!content.valid) return content.reply;
    this.ephemerals.add({ channel, user: args.user, text: content.text, blocks: content.blocks ?? [], via: "chat.postEphemeral" });
    return { ok: true, message_ts: this.newTs() };
  }

  private openView(args: Args): ApiResult {
    const trigger = typeof args.trigger_id === "string" ? args.trigger_id : "";
    const issued = this.triggers.get(trigger);
    if (issued === undefined) return { ok: false, error: "invalid_trigger_id" };
    if (this.now() - issued > SLACK_TRIGGER_TTL_MS) return { ok: false, error: "expired_trigger_id" };
    const view = typeof args.view === "string" ? parseJson(args.view) : args.view;
    if (!isRecord(view) || view.type !== "modal" || !isRecord(view.title)) return { ok: false, error: "invalid_arguments" };
    const blocks = this.checkContent(undefined, view.blocks ?? [], false);
    if (!blocks.valid) return blocks.reply;
    const id = `V${this.seq.pad(8)}`;
    const opened = { ...view, id, team_id: this.teamId, app_id: this.appId, bot_id: this.botId, state: { values: {} }, hash: `${id}.hash`, root_view_id: id, previous_view_id: null };
    this.triggers.delete(trigger);
    this.views.add({ trigger_id: trigger, view: opened });
    return { ok: true, view: opened };
  }

  private userInfo(args: Args): ApiResult {
    const u = typeof args.user === "string" ? this.users.get(args.user) : undefined;
    if (!u) return { ok: false, error: "user_not_found" };
    const profile = { real_name: u.real_name ?? u.name, display_name: u.name, email: u.email };
    return { ok: true, user: { id: u.id, team_id: this.teamId, name: u.name, real_name: u.real_name ?? u.name, tz: u.tz ?? "UTC", is_bot: false, deleted: false, profile } };
  }
}
