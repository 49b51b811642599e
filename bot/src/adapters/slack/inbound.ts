/**
 * Slack payloads → `Inbound`. Pure functions over the bodies Bolt hands its listeners (the same
 * over HTTP and Socket Mode), so the ids that make redeliveries recognisable stay in one place.
 */
import { decodeSlackAction } from "@ops/cards";
import type { InboundAction, InboundCommand, ReplyTarget } from "../../core/port.ts";

type Fields = Record<string, unknown>;
type StateValues = Parameters<typeof decodeSlackAction>[1];

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const rec = (v: unknown): Fields => (v && typeof v === "object" && !Array.isArray(v) ? (v as Fields) : {});

/** `<@U123>` / `<@W123|name>` user mentions, and the entities Slack escapes in message text. */
const MENTION = /<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g;

export function stripMentions(text: string): string {
  return text
    .replace(MENTION, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** D… channels are the bot's DMs: only there is a reply seen by the asker alone. */
const conversationOf = (chatId: string, direct = false): "direct" | "group" => (direct || chatId.startsWith("D") ? "direct" : "group");

function target(chatId: string, userId: string, opts: { responseUrl?: string; threadTs?: string; direct?: boolean } = {}): ReplyTarget {
  const handles: Record<string, string> = {};
  if (opts.responseUrl) handles.response_url = opts.responseUrl;
  // A message inside a thread is answered in that thread.
  if (opts.threadTs) handles.thread_ts = opts.threadTs;
  return { platform: "slack", chatId, userId, conversation: conversationOf(chatId, opts.direct), handles };
}

const workspaceOf = (id: string, name?: string) => (id ? { workspace: name ? { id, name } : { id } } : {});

/** A slash command (any command name): the trigger_id is unique per invocation. */
export function slashCommandInbound(body: Fields): InboundCommand {
  const userId = str(body.user_id);
  const name = str(body.user_name);
  return {
    type: "command",
    platform: "slack",
    text: str(body.text).trim(),
    eventId: str(body.trigger_id),
    user: name ? { id: userId, name } : { id: userId },
    ...workspaceOf(str(body.team_id), str(body.team_domain) || undefined),
    reply: target(str(body.channel_id), userId, { responseUrl: str(body.response_url) || undefined, direct: body.channel_name === "directmessage" }),
  };
}

/**
 * An Events API `app_mention`, or a `message` in the bot's DM (channel_type "im") from a person.
 * Returns null for anything else (bot messages, edits and other subtypes, channel chatter).
 * The envelope's event_id is the same on every `X-Slack-Retry-Num` redelivery.
 */
export function eventInbound(envelope: Fields): InboundCommand | null {
  const event = rec(envelope.event);
  const isMention = event.type === "app_mention";
  const isDirect = event.type === "message" && event.channel_type === "im";
  if (!isMention && !isDirect) return null;
  if (event.bot_id !== undefined || event.subtype !== undefined || !str(event.user)) return null;
  const userId = str(event.user);
  return {
    type: "command",
    platform: "slack",
    text: stripMentions(str(event.text)),
    eventId: eventIdOf(envelope, event),
    // event_time is in seconds; slash commands carry no time (Slack never holds them back: no retries).
    ...(Number(envelope.event_time) > 0 ? { sentAt: Number(envelope.event_time) * 1000 } : {}),
    user: { id: userId },
    ...workspaceOf(str(envelope.team_id) || str(event.team)),
    reply: target(str(event.channel), userId, { threadTs: str(event.thread_ts) || undefined, direct: isDirect }),
  };
}

/**
 * The envelope's event_id; without one (it is missing on some deliveries) the event's own
 * coordinates, which a redelivery repeats: team, channel, event_ts and type. An empty key would
 * make every such event after the first a "duplicate".
 */
function eventIdOf(envelope: Fields, event: Fields): string {
  const id = str(envelope.event_id);
  if (id) return id;
  const ts = str(event.event_ts) || str(event.ts);
  return `${str(envelope.team_id) || str(event.team)}:${str(event.channel)}:${ts}:${str(event.type)}`;
}

/** One `block_actions` click. Slack sends a single action per payload. */
export function blockActionInbound(body: Fields, action: { action_id: string; value?: string; action_ts?: string }): InboundAction {
  const container = rec(body.container);
  const user = rec(body.user);
  const userId = str(user.id);
  const name = str(user.username) || str(user.name);
  const chatId = str(container.channel_id) || str(rec(body.channel).id);
  const messageTs = str(container.message_ts) || str(rec(body.message).ts);
  const state = rec(body.state).values as StateValues;
  // An ephemeral message cannot be edited with chat.update, so it is no MessageRef.
  const editable = messageTs !== "" && container.is_ephemeral !== true;
  return {
    type: "action",
    platform: "slack",
    action: decodeSlackAction({ action_id: action.action_id, ...(action.value !== undefined ? { value: action.value } : {}) }, state),
    ...(editable ? { message: { platform: "slack" as const, chatId, messageId: messageTs } } : {}),
    eventId: `${messageTs}:${str(action.action_ts)}`,
    user: name ? { id: userId, name } : { id: userId },
    ...workspaceOf(str(user.team_id) || str(rec(body.team).id), str(rec(body.team).domain) || undefined),
    reply: target(chatId, userId, { responseUrl: str(body.response_url) || undefined, threadTs: str(container.thread_ts) || undefined }),
  };
}
