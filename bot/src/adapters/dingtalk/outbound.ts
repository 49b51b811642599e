/**
 * Cards → DingTalk. A card with action buttons needs a callback, which only interactive cards
 * (created with callbackType "STREAM", same client id as the Stream connection) give; a card
 * without them is a plain markdown / actionCard reply on the sessionWebhook while it is valid
 * (cheaper, no template needed, but it can never be updated).
 */
import { allButtons, type Card, type DingTalkMessage, renderDingTalkCard, renderDingTalkMessage } from "@ops/cards";
import type { MessageRef, ReplyTarget } from "../../core/port.ts";
import { type CreateCardRequest, DingTalkApi, SESSION_GONE_CODES } from "./openapi.ts";

/** Leave a little room: a webhook that expires while the request travels is refused. */
const WEBHOOK_SAFETY_MS = 10_000;

export type OutboundConfig = {
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  cardTemplateId?: string;
  appUrl?: string;
  now: () => number;
};

export class DingTalkOutbound {
  private readonly api: DingTalkApi;
  private seq = 0;

  constructor(private readonly cfg: OutboundConfig) {
    this.api = new DingTalkApi(cfg);
  }

  async reply(target: ReplyTarget, card: Card): Promise<MessageRef | null> {
    const h = target.handles;
    if (!hasActionButtons(card) && this.webhookUsable(h)) {
      const errcode = await this.api.postSessionWebhook(h.sessionWebhook!, renderDingTalkMessage(card, { appUrl: this.cfg.appUrl }));
      if (!SESSION_GONE_CODES.includes(errcode)) return null;
    }
    const robotCode = h.robotCode || this.cfg.clientId;
    const outTrackId = await this.deliver(card, h.conversationType === "2" ? groupSpace(target.chatId, robotCode) : robotSpace(target.userId, robotCode));
    return { platform: "dingtalk", chatId: target.chatId, messageId: outTrackId };
  }

  /** To the user alone: the robot's 1:1 chat with them (a markdown or actionCard message, no callbacks). */
  async replyPrivately(target: ReplyTarget, card: Card): Promise<void> {
    const { msgKey, msgParam } = robotTemplateOf(renderDingTalkMessage(card, { appUrl: this.cfg.appUrl }));
    await this.api.sendToUsers(target.handles.robotCode || this.cfg.clientId, [target.userId], msgKey, msgParam);
  }

  async sendToUser(userId: string, card: Card): Promise<MessageRef> {
    const outTrackId = await this.deliver(card, robotSpace(userId, this.cfg.clientId));
    // The card callback reports an IM_ROBOT card's spaceId as the user id: the same chatId here.
    return { platform: "dingtalk", chatId: userId, messageId: outTrackId };
  }

  /**
   * To a group the robot is in, by its openConversationId: an interactive card delivered into the group's space
   * (createAndDeliver, IM_GROUP), like the group replies, so its buttons call back over Stream and it can be updated
   * for everyone; the robot's plain group message (groupMessages/send) could do neither.
   */
  async sendToChat(conversationId: string, card: Card): Promise<MessageRef> {
    const outTrackId = await this.deliver(card, groupSpace(conversationId, this.cfg.clientId));
    return { platform: "dingtalk", chatId: conversationId, messageId: outTrackId };
  }

  async update(ref: MessageRef, card: Card): Promise<void> {
    const { cardData } = renderDingTalkCard(card, this.renderOptions());
    await this.api.updateCard(ref.messageId, cardData.cardParamMap);
  }

  private webhookUsable(h: Record<string, string>): boolean {
    const expires = Number(h.sessionWebhookExpiredTime);
    return !!h.sessionWebhook && Number.isFinite(expires) && expires - WEBHOOK_SAFETY_MS > this.cfg.now();
  }

  private async deliver(card: Card, space: Pick<CreateCardRequest, "openSpaceId"> & Partial<CreateCardRequest>): Promise<string> {
    const rendered = renderDingTalkCard(card, this.renderOptions());
    const outTrackId = this.newOutTrackId();
    await this.api.createAndDeliver({
      cardTemplateId: rendered.cardTemplateId,
      outTrackId,
      // Without STREAM the button callbacks would go to an HTTP URL we never registered.
      callbackType: "STREAM",
      cardData: rendered.cardData,
      userIdType: 1,
      ...space,
    });
    return outTrackId;
  }

  private renderOptions() {
    return { appUrl: this.cfg.appUrl, templateId: this.cfg.cardTemplateId };
  }

  /** Unique per process and across restarts (DingTalk refuses a reused outTrackId). */
  private newOutTrackId(): string {
    this.seq += 1;
    return `ops-${this.cfg.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}-${this.seq}`;
  }
}

export function hasActionButtons(card: Card): boolean {
  return allButtons(card).some((b) => b.kind === "action");
}

function groupSpace(conversationId: string, robotCode: string) {
  return {
    openSpaceId: `dtv1.card//IM_GROUP.${conversationId}`,
    imGroupOpenSpaceModel: { supportForward: true },
    imGroupOpenDeliverModel: { robotCode },
  };
}

function robotSpace(userId: string, robotCode: string) {
  return {
    openSpaceId: `dtv1.card//IM_ROBOT.${userId}`,
    imRobotOpenSpaceModel: { supportForward: true },
    imRobotOpenDeliverModel: { spaceType: "IM_ROBOT" as const, robotCode },
  };
}

/**
 * A session-webhook message as the robot message template of the same look: markdown →
 * sampleMarkdown, an actionCard with one link → sampleActionCard, with n (2..5) → sampleActionCard<n>.
 */
export function robotTemplateOf(m: DingTalkMessage): { msgKey: string; msgParam: Record<string, string> } {
  if (m.msgtype === "markdown") return { msgKey: "sampleMarkdown", msgParam: { title: m.markdown.title, text: m.markdown.text } };
  const { title, text, btns } = m.actionCard;
  if (btns.length <= 1) return { msgKey: "sampleActionCard", msgParam: { title, text, singleTitle: btns[0]?.title ?? "", singleURL: btns[0]?.actionURL ?? "" } };
  const msgParam: Record<string, string> = { title, text };
  btns.slice(0, 5).forEach((b, i) => {
    msgParam[`actionTitle${i + 1}`] = b.title;
    msgParam[`actionURL${i + 1}`] = b.actionURL;
  });
  return { msgKey: `sampleActionCard${Math.min(btns.length, 5)}`, msgParam };
}
