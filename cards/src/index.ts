/** @ops/cards: the neutral Card, pure renderers for Slack, Feishu, DingTalk and the web, limits and templates. */
export * from "./card.ts";
export * from "./limits.ts";
export { appLinkOf, budgetSteps, fitCard, newCtx, shrinkCard, type FitOptions, type RenderCtx } from "./degrade.ts";
export {
  decodeDingTalkAction,
  decodeFeishuAction,
  decodeSlackAction,
  decodeWebAction,
  encodeValue,
  type Platform,
} from "./action-codec.ts";
export { missingKeys, renderText, translator, type Dict, type Translate } from "./i18n.ts";
export { renderSlack, type SlackRenderOptions } from "./render/slack.ts";
export type { SlackBlock, SlackMessage } from "./render/slack-types.ts";
export { toMrkdwn } from "./render/slack-mrkdwn.ts";
export { renderFeishu, type FeishuCard, type FeishuElement, type FeishuRenderOptions } from "./render/feishu.ts";
export {
  DINGTALK_DEFAULT_TEMPLATE_ID,
  renderDingTalkCard,
  renderDingTalkMessage,
  type DingTalkCardButton,
  type DingTalkCardData,
  type DingTalkCardOptions,
  type DingTalkMessage,
  type DingTalkMessageOptions,
} from "./render/dingtalk.ts";
export { renderWeb, type WebBlock, type WebButton, type WebCard, type WebRenderOptions } from "./render/web.ts";
export { checkSlack } from "./check/slack.ts";
export { checkFeishu, feishuCardBytes } from "./check/feishu.ts";
export { checkDingTalkCard, checkDingTalkMessage } from "./check/dingtalk.ts";
export { checkWeb } from "./check/web.ts";
export * from "./templates/index.ts";
