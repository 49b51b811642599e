/**
 * DingTalk payloads → `Inbound` (im-protocols.md §3.2, §3.4). Pure: the Stream listeners and the
 * HTTP-mode route both call these, so both modes produce the same commands.
 */
import { decodeDingTalkAction, type CardAction } from "@ops/cards";
import type { InboundAction, InboundCommand } from "../../core/port.ts";
import { sentAtOf } from "../inbound-checks.ts";

type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

export function parseJsonObject(raw: unknown): Json | null {
  if (raw && typeof raw === "object" && !Array.isArray(raw)) return raw as Json;
  if (typeof raw !== "string") return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Json) : null;
  } catch {
    return null;
  }
}

/**
 * A robot message (Stream `/v1.0/im/bot/messages/get` data, or the HTTP-mode body) as a command.
 * `msgId` is the message's own id, so a redelivered frame (new or same messageId) dedupes to one
 * command; the frame's messageId is only a fallback. Non-text messages give null.
 */
export function robotMessageToInbound(msg: Json, fallbackEventId = ""): InboundCommand | null {
  const content = msg.text && typeof msg.text === "object" ? (msg.text as Json).content : undefined;
  if (typeof content !== "string") return null;
  const eventId = str(msg.msgId) || fallbackEventId;
  // senderStaffId is empty for external users and before the bot is published.
  const userId = str(msg.senderStaffId) || str(msg.senderId);
  if (!eventId || !userId) return null;
  const name = str(msg.senderNick);
  const corp = str(msg.senderCorpId) || str(msg.chatbotCorpId);
  return {
    type: "command",
    platform: "dingtalk",
    eventId,
    ...(corp ? { workspace: { id: corp } } : {}),
    // The @mention leaves leading spaces behind ("  deploy api").
    text: content.trim(),
    ...sentAtOf(msg.createAt),
    user: name ? { id: userId, name } : { id: userId },
    reply: {
      platform: "dingtalk",
      chatId: str(msg.conversationId),
      userId,
      conversation: str(msg.conversationType) === "1" ? "direct" : "group",
      handles: {
        sessionWebhook: str(msg.sessionWebhook),
        sessionWebhookExpiredTime: str(msg.sessionWebhookExpiredTime),
        conversationType: str(msg.conversationType),
        robotCode: str(msg.robotCode),
      },
    },
  };
}

/**
 * The generic template's text input (cards/src/render/dingtalk.ts): every button sends what was typed
 * as params.input and the field's name as params.input_name; the action sees it under that name.
 */
function withTypedInput(action: CardAction | null): CardAction | null {
  if (!action) return null;
  const { input, input_name: name, ...inputs } = action.inputs;
  return { ...action, inputs: name ? { ...inputs, [name]: input ?? "" } : inputs };
}

/**
 * A card callback (`/v1.0/card/instances/callback` data) as an action; null when no button action
 * can be read from it. The frame's messageId is the delivery id (callbacks carry no other).
 */
export function cardCallbackToInbound(data: Json, messageId: string): InboundAction | null {
  const action = withTypedInput(decodeDingTalkAction(data));
  const userId = str(data.userId);
  const outTrackId = str(data.outTrackId);
  if (!action || !userId || !outTrackId || !messageId) return null;
  const chatId = str(data.spaceId);
  const spaceType = str(data.spaceType);
  // A group card (spaceType IM / IM_GROUP, spaceId = conversationId) is answered in the group;
  // anything else goes to the user's robot chat.
  const conversationType = spaceType === "IM" || spaceType === "IM_GROUP" ? "2" : "1";
  return {
    type: "action",
    platform: "dingtalk",
    eventId: messageId,
    user: { id: userId },
    action,
    message: { platform: "dingtalk", chatId, messageId: outTrackId },
    ...(str(data.corpId) ? { workspace: { id: str(data.corpId) } } : {}),
    reply: { platform: "dingtalk", chatId, userId, conversation: conversationType === "1" ? "direct" : "group", handles: { conversationType, spaceType, outTrackId } },
  };
}
