/**
 * Test helper: render one card on every platform, check every output against its limits, and read back what a
 * user could do on each platform (actions decoded the way each callback would be, confirms, form fields, tone).
 */
import { decodeDingTalkAction, decodeFeishuAction, decodeSlackAction, decodeWebAction } from "../action-codec.ts";
import type { Card, CardAction, Tone } from "../card.ts";
import { checkDingTalkCard, checkDingTalkMessage } from "../check/dingtalk.ts";
import { checkFeishu } from "../check/feishu.ts";
import { checkSlack } from "../check/slack.ts";
import { checkWeb } from "../check/web.ts";
import { renderDingTalkCard, renderDingTalkMessage, type DingTalkCardButton } from "../render/dingtalk.ts";
import { renderFeishu, type FeishuElement } from "../render/feishu.ts";
import { renderSlack } from "../render/slack.ts";
import type { SlackButton } from "../render/slack-types.ts";
import { FEISHU_TEMPLATE, TONE_EMOJI } from "../render/tone.ts";
import { renderWeb } from "../render/web.ts";

export const APP_URL = "https://ops.example.com";

export function renderEverywhere(card: Card, appUrl: string | undefined = APP_URL) {
  return {
    slack: renderSlack(card, { appUrl }),
    feishu: renderFeishu(card, { appUrl }),
    dingtalkCard: renderDingTalkCard(card, { appUrl }),
    dingtalkMessage: renderDingTalkMessage(card, { appUrl }),
    web: renderWeb(card, { appUrl }),
  };
}

export type Rendered = ReturnType<typeof renderEverywhere>;
export type Target = keyof Rendered;
export const TARGETS: Target[] = ["slack", "feishu", "dingtalkCard", "dingtalkMessage", "web"];

export function problems(r: Rendered): Record<Target, string[]> {
  return {
    slack: checkSlack(r.slack),
    feishu: checkFeishu(r.feishu),
    dingtalkCard: checkDingTalkCard(r.dingtalkCard),
    dingtalkMessage: checkDingTalkMessage(r.dingtalkMessage),
    web: checkWeb(r.web),
  };
}

/** Every object in a JSON tree, for searching rendered output without knowing its layout. */
export function nodes(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (!value || typeof value !== "object") return [];
  return [value as Record<string, unknown>, ...Object.values(value).flatMap(nodes)];
}

const slackButtons = (r: Rendered) => nodes(r.slack.blocks).filter((n) => n.type === "button") as SlackButton[];
const feishuButtons = (r: Rendered) => nodes(r.feishu.body).filter((n) => n.tag === "button") as FeishuElement[];
const dingtalkButtons = (r: Rendered) => JSON.parse(r.dingtalkCard.cardData.cardParamMap.buttons!) as DingTalkCardButton[];

/** The actions a click decodes to on each interactive platform (DingTalk messages carry links only). */
export function decodedActions(r: Rendered): Record<"slack" | "feishu" | "dingtalkCard" | "web", CardAction[]> {
  return {
    slack: slackButtons(r).filter((b) => b.value !== undefined).map((b) => decodeSlackAction(b)),
    feishu: feishuButtons(r).flatMap((b) =>
      ((b.behaviors ?? []) as { type: string; value?: unknown }[])
        .filter((x) => x.type === "callback")
        .map((x) => decodeFeishuAction({ value: x.value })!),
    ),
    dingtalkCard: dingtalkButtons(r)
      .filter((b) => b.action)
      .map((b) => decodeDingTalkAction({ content: JSON.stringify({ cardPrivateData: { actionIds: [b.action], params: { value: b.value } } }) })!),
    web: nodes(r.web.blocks)
      .filter((n) => n.kind === "action")
      .map((n) => decodeWebAction(n)!),
  };
}

/** Actions that ask for confirmation first, per platform. */
export function confirmedActions(r: Rendered): Record<"slack" | "feishu" | "dingtalkCard" | "web", string[]> {
  return {
    slack: slackButtons(r).filter((b) => b.confirm).map((b) => decodeSlackAction(b).action),
    feishu: feishuButtons(r)
      .filter((b) => b.confirm)
      .map((b) => decodeFeishuAction({ value: (b.behaviors as { value?: unknown }[])[0]!.value })!.action),
    dingtalkCard: dingtalkButtons(r).filter((b) => b.confirm_title).map((b) => b.action),
    web: nodes(r.web.blocks).filter((n) => n.kind === "action" && n.confirm).map((n) => n.action as string),
  };
}

/** Form field names each platform would submit. */
export function formFields(r: Rendered): Record<"slack" | "feishu" | "web", string[]> {
  return {
    slack: r.slack.blocks.flatMap((b) => (b.type === "input" ? [b.element.action_id] : [])),
    feishu: nodes(r.feishu.body).filter((n) => n.tag === "input" || n.tag === "select_static").map((n) => n.name as string),
    web: r.web.blocks.flatMap((b) => (b.type === "input" || b.type === "select" ? [b.name] : [])),
  };
}

/** True when each platform shows the tone the way it is mapped. */
export function toneShown(r: Rendered, tone: Tone): Record<Target, boolean> {
  const header = r.slack.blocks[0];
  return {
    slack: header?.type === "header" && header.text.text.startsWith(TONE_EMOJI[tone]),
    feishu: r.feishu.header.template === FEISHU_TEMPLATE[tone],
    dingtalkCard: r.dingtalkCard.cardData.cardParamMap.tone === tone,
    dingtalkMessage: (r.dingtalkMessage.msgtype === "markdown" ? r.dingtalkMessage.markdown : r.dingtalkMessage.actionCard).text.startsWith(`### ${TONE_EMOJI[tone]}`),
    web: r.web.header.tone === tone,
  };
}
