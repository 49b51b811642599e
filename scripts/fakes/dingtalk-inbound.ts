/**
 * What DingTalk delivers to an app: robot messages (over Stream or as signed HTTP-mode POSTs)
 * and interactive-card callbacks, shaped as in im-protocols.md §3.2 and §3.4.
 */
import type { DingTalkOrg, DingTalkUser } from "./dingtalk-org.ts";

export interface RobotMessageInput {
  text: string;
  /** Sender's staff id; defaults to the first user. */
  userId?: string;
  /** "1" = p2p (default), "2" = group. */
  conversationType?: "1" | "2";
  conversationId?: string;
  conversationTitle?: string;
  msgId?: string;
}

export interface CardCallbackInput {
  outTrackId: string;
  userId?: string;
  actionId?: string;
  params: Record<string, unknown>;
}

function userOf(org: DingTalkOrg, userId?: string): DingTalkUser {
  const u = (userId ? org.users.get(userId) : undefined) ?? [...org.users.values()][0];
  if (!u) throw new Error("dingtalk fake: no users configured");
  return u;
}

/** The `data` of a `/v1.0/im/bot/messages/get` callback (also the HTTP-mode POST body). */
export function robotMessage(org: DingTalkOrg, baseUrl: string, input: RobotMessageInput): Record<string, unknown> {
  const u = userOf(org, input.userId);
  const group = input.conversationType === "2";
  const conversationId = input.conversationId ?? (group ? "cidFakeGroup0001==" : `cidFakeP2p${u.userId}==`);
  const session = org.newSession(conversationId);
  const createAt = org.now();
  return {
    conversationId,
    atUsers: [{ dingtalkId: org.chatbotUserId }],
    chatbotCorpId: org.corpId,
    chatbotUserId: org.chatbotUserId,
    msgId: input.msgId ?? `msgFake${org.seq.pad(10)}`,
    senderNick: u.nick,
    isAdmin: false,
    senderStaffId: u.userId,
    sessionWebhookExpiredTime: session.expiresAt,
    createAt,
    senderCorpId: org.corpId,
    conversationType: group ? "2" : "1",
    senderId: u.dingtalkId,
    ...(group ? { conversationTitle: input.conversationTitle ?? "OPS 值班群", isInAtList: true } : {}),
    sessionWebhook: `${baseUrl}/robot/sendBySession?session=${session.id}`,
    // A group @mention leaves a leading space where the mention was.
    text: { content: group ? ` ${input.text}` : input.text },
    robotCode: org.robotCode,
    msgtype: "text",
  };
}

/** The `data` of a `/v1.0/card/instances/callback` frame; `content` is JSON inside JSON. */
export function cardCallback(org: DingTalkOrg, input: CardCallbackInput): Record<string, unknown> {
  const card = org.cards.get(input.outTrackId);
  if (!card) throw new Error(`dingtalk fake: no card ${input.outTrackId}`);
  if (card.callbackType !== "STREAM") {
    throw new Error(`dingtalk fake: card ${input.outTrackId} was created with callbackType ${card.callbackType}; DingTalk would not deliver its callback over Stream`);
  }
  const u = userOf(org, input.userId);
  return {
    outTrackId: input.outTrackId,
    corpId: org.corpId,
    userId: u.userId,
    userIdType: 1,
    type: "actionCallback",
    spaceType: card.spaceType === "IM_GROUP" ? "IM" : card.spaceType,
    spaceId: card.spaceId,
    extension: "{}",
    content: JSON.stringify({ cardPrivateData: { actionIds: [input.actionId ?? "action_1"], params: input.params } }),
  };
}

export interface ButtonClickInput {
  outTrackId: string;
  userId?: string;
  /** the action of the button in the card's `buttons` variable */
  action: string;
  /** what the user typed in the card's text input (the template shows one when `input_name` is set) */
  typed?: string;
}

/**
 * A click on a button of OPS's generic card template, as DingTalk sends it: actionIds [button.action] and the
 * button's 回传请求 params {value, input, input_name}, where `input` is the local variable the template's Input
 * component (文本输入, setLocalState) holds: what was typed, "" when nothing was.
 */
export function templateButtonClick(org: DingTalkOrg, input: ButtonClickInput): CardCallbackInput {
  const card = org.cards.get(input.outTrackId);
  if (!card) throw new Error(`dingtalk fake: no card ${input.outTrackId}`);
  const vars = card.cardData as Record<string, string | undefined>;
  const button = (JSON.parse(vars.buttons ?? "[]") as Array<{ action: string; value: string }>).find((b) => b.action === input.action);
  if (!button) throw new Error(`dingtalk fake: no ${input.action} button on ${input.outTrackId}`);
  const inputName = vars.input_name ?? "";
  if (input.typed !== undefined && !inputName) throw new Error(`dingtalk fake: card ${input.outTrackId} shows no input to type in`);
  return { outTrackId: input.outTrackId, userId: input.userId, actionId: button.action, params: { value: button.value, input: input.typed ?? "", input_name: inputName } };
}
