/**
 * The adapter port (DESIGN.md §3 rule 4). An adapter only translates: it verifies a platform's
 * callback, turns it into an `Inbound` (a command text or a card action) and hands it to the core,
 * acks within the platform's window, and later renders the core's neutral Cards with the platform's
 * SDK. Everything else (identity, RBAC, audit, what a command does) happens in the core and the API.
 */
import type { Card, CardAction } from "@ops/cards";
import type { Locale } from "@ops/shared";

export type ChatPlatform = "slack" | "feishu" | "dingtalk";

/** A message the bot posted, as the platform addresses it (Slack channel + ts, Feishu message_id, DingTalk outTrackId). */
export type MessageRef = { platform: ChatPlatform; chatId: string; messageId: string };

/**
 * Where the answer to one inbound goes, after the ack. JSON-safe: it travels through the queue.
 * `handles` holds the platform's reply means (Slack response_url, DingTalk sessionWebhook and its
 * expiry, Feishu callback token, conversation type); only the adapter that made it reads them.
 */
export type ReplyTarget = {
  platform: ChatPlatform;
  chatId: string;
  /** the external user who sent the command or clicked */
  userId: string;
  /**
   * A 1:1 chat with the bot, or a conversation others read too. Unknown counts as a group:
   * a credential (a bind link) then goes to the user privately.
   */
  conversation?: "direct" | "group";
  handles: Record<string, string>;
};

type InboundBase = {
  platform: ChatPlatform;
  /**
   * The platform's own id of this delivery (Slack event_id / trigger_id / action_ts, Feishu
   * event_id, DingTalk messageId or msgId): the same id on every retry, so the core applies it once.
   */
  eventId: string;
  user: { id: string; name?: string };
  /** the Slack team, Feishu tenant or DingTalk corp the user belongs to (shown when they bind) */
  workspace?: { id: string; name?: string };
  /**
   * The public origin (scheme://host[:port]) the platform's HTTP callback reached us at; links in
   * cards use it when OPS_PUBLIC_URL is unset. Set by the core from the webhook request, never by
   * an adapter from a payload.
   */
  origin?: string;
  locale?: Locale;
  reply: ReplyTarget;
};

export type InboundCommand = InboundBase & {
  type: "command";
  text: string;
  /**
   * When the user sent it (ms since epoch), where the platform says. Messages held back by a
   * platform (a reconnect burst, a late retry) must not run long after the user meant them.
   */
  sentAt?: number;
};

export type InboundAction = InboundBase & {
  type: "action";
  action: CardAction;
  /** the card the button was on, when the platform says which */
  message?: MessageRef;
};

export type Inbound = InboundCommand | InboundAction;

/** What the core gives an adapter when it starts: where to hand verified inbound traffic. */
export type InboundSink = {
  /**
   * Queues the inbound for the bot worker and resolves at once (well inside any ack window).
   * A repeated eventId is dropped: `accepted` is false for a duplicate.
   */
  accept(inbound: Inbound): Promise<{ accepted: boolean }>;
};

export interface ChatAdapter {
  readonly platform: ChatPlatform;
  /** how commands start on this platform ("/ops" in Slack, "" in Feishu and DingTalk), for help texts */
  readonly commandPrefix: string;
  /** Connects sockets (Socket Mode, Feishu ws, DingTalk Stream) where configured; HTTP adapters resolve at once. */
  start(sink: InboundSink): Promise<void>;
  stop(): Promise<void>;
  /**
   * Whether its socket (Socket Mode, Feishu ws, DingTalk Stream) is connected now, reported as the bot role's connection
   * (`chat:<platform>`: /readyz `connections`, the nodes page; it does not fail readiness); absent: up once started.
   */
  connected?(): boolean;
  /** Answers an inbound: a new message in its conversation (or the ephemeral/session reply the platform offers). */
  reply(target: ReplyTarget, card: Card): Promise<MessageRef | null>;
  /**
   * Something only the target's user may see (a one-time bind link): Slack ephemeral, a Feishu
   * p2p message, a DingTalk robot 1:1 message. Never posted where others read.
   */
  replyPrivately(target: ReplyTarget, card: Card): Promise<void>;
  /** The user's display name, where the inbound payload did not carry it (looked up only when binding). */
  displayName?(externalUserId: string): Promise<string | undefined>;
  /** A new message to one user directly (notifications). */
  sendToUser(externalUserId: string, card: Card): Promise<MessageRef>;
  /**
   * A new message to a chat group the bot is in (an alert to an on-call channel): a Slack channel id, a Feishu
   * chat_id (oc_…), a DingTalk openConversationId. Cards with buttons stay clickable and updatable.
   */
  sendToChat(chatId: string, card: Card): Promise<MessageRef>;
  /** Replaces a card the bot posted, for everyone who sees it. */
  update(ref: MessageRef, card: Card): Promise<void>;
}

/** An adapter's HTTP callbacks, mounted by the composition root under /bot/<platform>/… */
export type WebhookRoute = { method: "POST"; path: string; handle(request: Request): Promise<Response> };

export type HttpChatAdapter = ChatAdapter & { readonly routes: WebhookRoute[] };

/** Structured logging, the same shape as the API's logger (passed in by the wiring). */
export interface BotLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** What every adapter gets from the wiring besides its own platform config. */
export type AdapterDeps = {
  /** ms since epoch; tests pass the fake's clock so signature windows are deterministic */
  now: () => number;
  logger: BotLogger;
  /** OPS_PUBLIC_URL: app links on cards ("open in app") resolve against it */
  appUrl?: string;
  /** a card image's bytes (a platform that wants images uploaded, Feishu); null when it cannot be read */
  fetchImage?: (url: string) => Promise<Uint8Array | null>;
};
