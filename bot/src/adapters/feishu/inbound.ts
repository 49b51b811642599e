/**
 * Feishu payloads → `Inbound`. The event translators read the SDK EventDispatcher's flattened
 * shape (`{schema, ...header, ...event}`: `event_id` and `message` side by side), which is what
 * both our HTTP route and WSClient hand to the registered handlers. For `card.action.trigger` the
 * event's `token` (the card callback token) overrides the header's verification token there.
 */
import { decodeFeishuAction } from "@ops/cards";
import type { InboundAction, InboundCommand } from "../../core/port.ts";
import { sentAtOf } from "../inbound-checks.ts";

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** `@_user_N` are Feishu's mention placeholders (the bot's own mention among them). */
const MENTION_PLACEHOLDER = /@_user_\d+\s*/g;

export function stripMentions(text: string): string {
  return text.replace(MENTION_PLACEHOLDER, "").trim();
}

function textOf(content: unknown): string | undefined {
  if (typeof content !== "string") return undefined;
  try {
    return str(obj(JSON.parse(content)).text);
  } catch {
    return undefined;
  }
}

/** `im.message.receive_v1` → a command; null for bot senders, non-text messages and malformed events. */
export function messageInbound(data: unknown): InboundCommand | null {
  const d = obj(data);
  const sender = obj(d.sender);
  const message = obj(d.message);
  // Other bots (and our own echoes) are not commands.
  if (sender.sender_type !== "user" || message.message_type !== "text") return null;
  const eventId = str(d.event_id);
  const openId = str(obj(sender.sender_id).open_id);
  const chatId = str(message.chat_id);
  const messageId = str(message.message_id);
  const text = textOf(message.content);
  if (!eventId || !openId || !chatId || !messageId || text === undefined) return null;
  const tenant = str(d.tenant_key) ?? str(sender.tenant_key);
  // A message in a thread (or a reply to one) is answered there, through the reply API.
  const inThread = Boolean(str(message.root_id) || str(message.thread_id));
  return {
    platform: "feishu",
    type: "command",
    eventId,
    user: { id: openId },
    ...(tenant ? { workspace: { id: tenant } } : {}),
    text: stripMentions(text),
    ...sentAtOf(message.create_time),
    reply: {
      platform: "feishu",
      chatId,
      userId: openId,
      conversation: message.chat_type === "p2p" ? "direct" : "group",
      handles: { message_id: messageId, chat_type: str(message.chat_type) ?? "", ...(inThread ? { thread: "1" } : {}) },
    },
  };
}

type ActionParts = { eventId: string; openId: string; chatId: string; messageId: string; token: string; action: unknown };

function actionInbound(p: ActionParts): InboundAction | null {
  const action = decodeFeishuAction(obj(p.action));
  if (!action) return null;
  return {
    platform: "feishu",
    type: "action",
    eventId: p.eventId,
    user: { id: p.openId },
    action,
    message: { platform: "feishu", chatId: p.chatId, messageId: p.messageId },
    reply: { platform: "feishu", chatId: p.chatId, userId: p.openId, handles: { token: p.token } },
  };
}

function complete(p: Partial<Record<keyof ActionParts, unknown>>): ActionParts | null {
  const eventId = str(p.eventId);
  const openId = str(p.openId);
  const chatId = str(p.chatId);
  const messageId = str(p.messageId);
  const token = str(p.token);
  if (!eventId || !openId || !chatId || !messageId || !token) return null;
  return { eventId, openId, chatId, messageId, token, action: p.action };
}

/** `card.action.trigger` (schema 2.0, flattened) → an action; null when it is not one of our buttons. */
export function cardActionInbound(data: unknown): InboundAction | null {
  const d = obj(data);
  const context = obj(d.context);
  const parts = complete({
    eventId: d.event_id,
    openId: obj(d.operator).open_id,
    chatId: context.open_chat_id,
    messageId: context.open_message_id,
    token: d.token,
    action: d.action,
  });
  return parts && actionInbound(parts);
}

/**
 * The legacy flat card callback → an action. It has no event id; the callback token is unique per
 * click, and callbacks are never re-pushed, so `legacy:<token>` identifies it.
 */
export function legacyCardInbound(body: unknown): InboundAction | null {
  const b = obj(body);
  const token = str(b.token);
  const parts = complete({
    eventId: token ? `legacy:${token}` : undefined,
    openId: b.open_id,
    chatId: b.open_chat_id,
    messageId: b.open_message_id,
    token,
    action: b.action,
  });
  return parts && actionInbound(parts);
}
