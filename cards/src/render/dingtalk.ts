/**
 * Card → DingTalk, two ways:
 *
 * 1. renderDingTalkCard: card data for an interactive card (createAndDeliver with callbackType "STREAM"), built on
 *    one generic template created once in DingTalk's card builder. Template variables (all strings, as
 *    cardParamMap requires): title, subtitle, tone, color, summary, markdown (the body), buttons (JSON array of
 *    {text, style, action, value, url, confirm_title, confirm_text}), link_url, link_text. Each button in the
 *    template's loop sends actionIds [button.action] and params {value: button.value}; decodeDingTalkAction reads
 *    them back. A card with action buttons carries its first text input in the template too: input_name,
 *    input_label, input_placeholder, input_max_length (all "" when there is none: the template hides its Input
 *    component then). The Input component keeps what is typed in the local variable `input` (setLocalState), and
 *    every button's callback params also send {input: ${input}, input_name: ${input_name}}, which the adapter
 *    reads back as inputs[input_name] (DingTalk's 文本输入 + 回传请求 params, as in open-dingtalk's card examples).
 *    Further inputs and selects point to the app.
 * 2. renderDingTalkMessage: a markdown message, or an actionCard when there are buttons. actionCard buttons are
 *    links only, so an action button becomes `actionUrl({action, value})` (e.g. a signed one-click URL the caller
 *    builds) or, without one, a single "open in app" link.
 */
import { assertCardActions, encodeValue } from "../action-codec.ts";
import { allButtons, type Button, type Card, type InputBlock } from "../card.ts";
import { checkDingTalkCard, checkDingTalkMessage } from "../check/dingtalk.ts";
import { fitCard, linkUrl, type RenderCtx } from "../degrade.ts";
import { renderTr } from "../i18n.ts";
import * as L from "../limits.ts";
import { resolveUrl } from "../text.ts";
import { BREAK, blocksMarkdown, headingMarkdown, noticeMarkdown } from "./dingtalk-markdown.ts";
import { DINGTALK_COLOR } from "./tone.ts";

export const DINGTALK_DEFAULT_TEMPLATE_ID = "ops_generic_card.schema";

export type DingTalkCardData = { cardTemplateId: string; cardData: { cardParamMap: Record<string, string> } };
export type DingTalkCardButton = {
  text: string;
  style: string;
  action: string;
  value: string;
  url: string;
  confirm_title: string;
  confirm_text: string;
};

export type DingTalkMessage =
  | { msgtype: "markdown"; markdown: { title: string; text: string } }
  | {
      msgtype: "actionCard";
      actionCard: { title: string; text: string; btnOrientation: "0" | "1"; btns: { title: string; actionURL: string }[] };
    };

export type DingTalkCardOptions = { appUrl?: string; templateId?: string };
export type DingTalkMessageOptions = {
  appUrl?: string;
  /** a URL that performs the action when opened (signed by the caller); null when there is none */
  actionUrl?: (a: { action: string; value: Record<string, unknown> }) => string | null;
};

export function renderDingTalkCard(card: Card, opts: DingTalkCardOptions = {}): DingTalkCardData {
  assertCardActions(card, "dingtalk", L.DINGTALK_MAX_PARAM_VALUE, "chars");
  return fitCard(card, {
    budget: L.DINGTALK_BUDGET,
    appUrl: opts.appUrl,
    render: (c, ctx) => buildCard(c, ctx, opts),
    check: checkDingTalkCard,
  });
}

export function renderDingTalkMessage(card: Card, opts: DingTalkMessageOptions = {}): DingTalkMessage {
  // Action values travel inside the caller's URLs here, so only the names are checked.
  assertCardActions(card, "dingtalk", Number.MAX_SAFE_INTEGER, "chars");
  return fitCard(card, {
    budget: { ...L.DINGTALK_BUDGET, buttons: L.DINGTALK_MAX_ACTIONCARD_BUTTONS },
    appUrl: opts.appUrl,
    render: (c, ctx) => buildMessage(c, ctx, opts),
    check: checkDingTalkMessage,
  });
}

/** The text input the template carries: the card's first, when a button can send it. */
function carriedInput(card: Card): InputBlock | undefined {
  if (!allButtons(card).some((b) => b.kind === "action")) return undefined;
  return card.blocks.find((b): b is InputBlock => b.type === "input");
}

function buildCard(card: Card, ctx: RenderCtx, opts: DingTalkCardOptions): DingTalkCardData {
  const tr = renderTr(card.locale);
  const input = carriedInput(card);
  const body = blocksMarkdown(input ? card.blocks.filter((b) => b !== input) : card.blocks, ctx, tr, opts.appUrl);
  const buttons = allButtons(card).flatMap((b) => cardButton(b, ctx, opts.appUrl));
  const link = ctx.notice?.link ?? "";
  const map: Record<string, string> = {
    title: ctx.cut(card.header.title, L.DINGTALK_MAX_TITLE),
    subtitle: ctx.cut(card.header.subtitle ?? "", L.DINGTALK_MAX_SUBTITLE),
    tone: card.header.tone,
    color: DINGTALK_COLOR[card.header.tone],
    summary: ctx.cut(card.summary ?? card.header.title, L.DINGTALK_MAX_TITLE),
    markdown: ctx.notice ? [body, noticeMarkdown(ctx.notice, tr, false)].filter(Boolean).join(BREAK) : body,
    buttons: JSON.stringify(buttons),
    link_url: link,
    link_text: link ? tr("open_app") : "",
    // always sent (empty when none): a card updated by key must lose the input once it has none
    input_name: input?.name ?? "",
    input_label: input ? ctx.cut(input.label, L.DINGTALK_MAX_SUBTITLE) : "",
    input_placeholder: input?.placeholder ? ctx.cut(input.placeholder, L.DINGTALK_MAX_SUBTITLE) : "",
    input_max_length: input?.maxLength ? String(input.maxLength) : "",
  };
  return { cardTemplateId: opts.templateId ?? DINGTALK_DEFAULT_TEMPLATE_ID, cardData: { cardParamMap: map } };
}

function cardButton(b: Button, ctx: RenderCtx, appUrl?: string): DingTalkCardButton[] {
  const base = { text: ctx.cut(b.text, L.DINGTALK_MAX_BUTTON_TEXT), style: b.style ?? "default" };
  if (b.kind === "link") {
    const url = linkUrl(ctx, b.url, appUrl, L.DINGTALK_MAX_URL);
    if (!url) return [];
    return [{ ...base, action: "", value: "", url, confirm_title: "", confirm_text: "" }];
  }
  return [
    {
      ...base,
      action: b.action,
      value: encodeValue(b.value),
      url: "",
      confirm_title: ctx.cut(b.confirm?.title ?? "", L.DINGTALK_MAX_CONFIRM_TITLE),
      confirm_text: ctx.cut(b.confirm?.text ?? "", L.DINGTALK_MAX_CONFIRM_TEXT),
    },
  ];
}

function buildMessage(card: Card, ctx: RenderCtx, opts: DingTalkMessageOptions): DingTalkMessage {
  const tr = renderTr(card.locale);
  const parts = [headingMarkdown(card), blocksMarkdown(card.blocks, ctx, tr, opts.appUrl)];
  if (ctx.notice) parts.push(noticeMarkdown(ctx.notice, tr));
  const text = parts.filter(Boolean).join(BREAK);
  const title = ctx.cut(card.summary ?? card.header.title, L.DINGTALK_MAX_TITLE);
  const btns = messageButtons(card, ctx, opts);
  if (!btns.length) return { msgtype: "markdown", markdown: { title, text } };
  return { msgtype: "actionCard", actionCard: { title, text, btnOrientation: btns.length <= 2 ? "1" : "0", btns } };
}

function messageButtons(card: Card, ctx: RenderCtx, opts: DingTalkMessageOptions): { title: string; actionURL: string }[] {
  const tr = renderTr(card.locale);
  const appLink = resolveUrl(card.link ?? "/", opts.appUrl);
  const btns: { title: string; actionURL: string }[] = [];
  let needsApp = false;
  for (const b of allButtons(card)) {
    const target = b.kind === "link" ? b.url : opts.actionUrl?.({ action: b.action, value: b.value });
    const url = target ? linkUrl(ctx, target, opts.appUrl, L.DINGTALK_MAX_URL) : null;
    if (url) btns.push({ title: ctx.cut(b.text, L.DINGTALK_MAX_BUTTON_TEXT), actionURL: url });
    else if (b.kind === "action") needsApp = true;
  }
  // Actions that cannot run from a link are done in the app: one button there, not one per action.
  if (needsApp && appLink && !btns.some((b) => b.actionURL === appLink))
    btns.push({ title: ctx.cut(tr("open_app"), L.DINGTALK_MAX_BUTTON_TEXT), actionURL: appLink });
  return btns;
}
