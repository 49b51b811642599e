/** Card → Slack Block Kit message ({ text, blocks }) for chat.postMessage, chat.update and response_url. */
import { AppError } from "@ops/shared";
import { assertCardActions, encodeValue, slackActionId } from "../action-codec.ts";
import type { Block, Button, Card, Confirm, InputBlock, SelectBlock, TableBlock, DiffBlock } from "../card.ts";
import { checkSlack } from "../check/slack.ts";
import { fitCard, linkUrl, type Notice, type RenderCtx } from "../degrade.ts";
import { renderTr, type Translate } from "../i18n.ts";
import * as L from "../limits.ts";
import { diffLines, fitLines, tableLines } from "./lines.ts";
import { slackPlain, toMrkdwn } from "./slack-mrkdwn.ts";
import type { SlackBlock, SlackButton, SlackConfirm, SlackMessage, SlackOption, SlackPlainText } from "./slack-types.ts";
import { TONE_EMOJI } from "./tone.ts";

export type SlackRenderOptions = { appUrl?: string };

export function renderSlack(card: Card, opts: SlackRenderOptions = {}): SlackMessage {
  assertCardActions(card, "slack", L.SLACK_MAX_BUTTON_VALUE, "chars");
  return fitCard(card, {
    budget: L.SLACK_BUDGET,
    appUrl: opts.appUrl,
    render: (c, ctx) => build(c, ctx, opts),
    check: checkSlack,
  });
}

type Env = { ctx: RenderCtx; tr: Translate; appUrl?: string; ids: Map<string, number> };

function build(card: Card, ctx: RenderCtx, opts: SlackRenderOptions): SlackMessage {
  const env: Env = { ctx, tr: renderTr(card.locale), appUrl: opts.appUrl, ids: new Map() };
  const title = `${TONE_EMOJI[card.header.tone]} ${card.header.title}`;
  const blocks: SlackBlock[] = [{ type: "header", text: plain(ctx.cut(title, L.SLACK_MAX_HEADER_TEXT)) }];
  if (card.header.subtitle) blocks.push(context(ctx.cut(slackPlain(card.header.subtitle), L.SLACK_MAX_CONTEXT_TEXT)));
  for (const b of card.blocks) blocks.push(...block(b, env));
  if (ctx.notice) blocks.push(noticeBlock(ctx.notice, env.tr));
  // The fallback text is mrkdwn too: escaped, a title like "<!channel>" cannot ping anyone.
  const text = ctx.cut(slackPlain(card.summary ?? card.header.title), L.SLACK_MAX_FALLBACK_TEXT);
  return { text, blocks };
}

const plain = (text: string): SlackPlainText => ({ type: "plain_text", text, emoji: true });
const section = (text: string): SlackBlock => ({ type: "section", text: { type: "mrkdwn", text } });
const context = (text: string): SlackBlock => ({ type: "context", elements: [{ type: "mrkdwn", text }] });

function block(b: Block, env: Env): SlackBlock[] {
  const { ctx } = env;
  switch (b.type) {
    case "markdown":
      return b.text.trim() ? [section(ctx.cutMd(toMrkdwn(b.text), L.SLACK_MAX_SECTION_TEXT))] : [];
    case "context":
      return b.text.trim() ? [context(ctx.cut(toMrkdwn(b.text), L.SLACK_MAX_CONTEXT_TEXT))] : [];
    case "divider":
      return [{ type: "divider" }];
    case "fields":
      return chunk(b.fields, L.SLACK_MAX_SECTION_FIELDS).map((fs) => ({
        type: "section",
        fields: fs.map((f) => ({
          type: "mrkdwn" as const,
          text: ctx.cut(`*${slackPlain(f.label)}*\n${slackPlain(f.value) || " "}`, L.SLACK_MAX_FIELD_TEXT),
        })),
      }));
    case "table":
      return b.rows.length || b.columns.length ? [section(tableText(b, env))] : [];
    case "diff":
      return b.rows.length ? [section(diffText(b, env))] : [];
    case "image": {
      const url = linkUrl(ctx, b.url, env.appUrl, L.SLACK_MAX_URL);
      if (!url) return [];
      return [{ type: "image", image_url: url, alt_text: ctx.cut(b.alt || "image", L.SLACK_MAX_IMAGE_ALT) }];
    }
    case "actions": {
      const buttons = b.buttons.flatMap((x) => button(x, env));
      return chunk(buttons, L.SLACK_MAX_ACTIONS_ELEMENTS).map((elements) => ({ type: "actions", elements }));
    }
    case "input":
      return [input(b, env)];
    case "select":
      return select(b, env);
  }
}

function codeSection(lines: string[], env: Env, more: (n: number) => string): string {
  const r = fitLines(lines, L.SLACK_MAX_SECTION_TEXT, (body) => "```\n" + slackPlain(body) + "\n```", more);
  if (r.dropped) env.ctx.drop();
  return env.ctx.cutMd(r.text, L.SLACK_MAX_SECTION_TEXT);
}

function tableText(b: TableBlock, env: Env): string {
  const { head, rows } = tableLines(b);
  return codeSection([head, ...rows], env, (n) => env.tr("more_rows", { count: n }));
}

function diffText(b: DiffBlock, env: Env): string {
  return codeSection(diffLines(b, env.tr), env, (n) => env.tr("more_changes", { count: n }));
}

function button(b: Button, env: Env): SlackButton[] {
  const text = plain(env.ctx.cut(b.text, L.SLACK_MAX_BUTTON_TEXT));
  const style = b.style === "primary" || b.style === "danger" ? { style: b.style } : {};
  if (b.kind === "link") {
    const url = linkUrl(env.ctx, b.url, env.appUrl, L.SLACK_MAX_URL);
    if (!url) return [];
    return [{ type: "button", text, url, action_id: slackActionId("ops.link", env.ids), ...style }];
  }
  const confirm = b.confirm ? { confirm: confirmDialog(b.confirm, b.style, env) } : {};
  return [{ type: "button", text, action_id: slackActionId(b.action, env.ids), value: encodeValue(b.value), ...style, ...confirm }];
}

function confirmDialog(c: Confirm, style: Button["style"], env: Env): SlackConfirm {
  const { ctx, tr } = env;
  return {
    title: plain(ctx.cut(c.title, L.SLACK_MAX_CONFIRM_TITLE)),
    text: plain(ctx.cut(c.text, L.SLACK_MAX_CONFIRM_TEXT)),
    confirm: plain(ctx.cut(c.confirm ?? tr("confirm"), L.SLACK_MAX_CONFIRM_BUTTON)),
    deny: plain(ctx.cut(c.deny ?? tr("deny"), L.SLACK_MAX_CONFIRM_BUTTON)),
    ...(style === "danger" ? { style: "danger" as const } : {}),
  };
}

function input(b: InputBlock, env: Env): SlackBlock {
  const { ctx } = env;
  const maxLength = Math.min(b.maxLength ?? L.SLACK_MAX_INPUT_LENGTH, L.SLACK_MAX_INPUT_LENGTH);
  return {
    type: "input",
    block_id: b.name,
    label: plain(ctx.cut(b.label, L.SLACK_MAX_INPUT_LABEL)),
    ...(b.optional ? { optional: true } : {}),
    element: {
      type: "plain_text_input",
      action_id: b.name,
      ...(b.multiline ? { multiline: true } : {}),
      ...(b.placeholder ? { placeholder: plain(ctx.cut(b.placeholder, L.SLACK_MAX_PLACEHOLDER)) } : {}),
      ...(b.initial ? { initial_value: b.initial.slice(0, maxLength) } : {}),
      max_length: maxLength,
    },
  };
}

function select(b: SelectBlock, env: Env): SlackBlock[] {
  const { ctx } = env;
  const kept = b.options.slice(0, L.SLACK_MAX_SELECT_OPTIONS);
  if (kept.length < b.options.length) ctx.drop();
  if (!kept.length) return [];
  const options: SlackOption[] = kept.map((o) => {
    // An option value is what the action receives: cutting it would act on something else.
    if (o.value.length > L.SLACK_MAX_OPTION_VALUE)
      throw new AppError("cards.option_value_too_large", { status: 500, params: { name: b.name, max: L.SLACK_MAX_OPTION_VALUE } });
    return { text: plain(ctx.cut(o.label, L.SLACK_MAX_OPTION_TEXT)), value: o.value };
  });
  const initial = options.find((o) => o.value === b.initial);
  return [
    {
      type: "input",
      block_id: b.name,
      label: plain(ctx.cut(b.label, L.SLACK_MAX_INPUT_LABEL)),
      ...(b.optional ? { optional: true } : {}),
      element: {
        type: "static_select",
        action_id: b.name,
        options,
        ...(b.placeholder ? { placeholder: plain(ctx.cut(b.placeholder, L.SLACK_MAX_PLACEHOLDER)) } : {}),
        ...(initial ? { initial_option: initial } : {}),
      },
    },
  ];
}

function noticeBlock(notice: Notice, tr: Translate): SlackBlock {
  const note = notice.cut ? `✂️ ${tr("truncated")}` : "";
  const link = notice.link && notice.link.length <= L.SLACK_MAX_URL ? `<${slackPlain(notice.link)}|${tr("open_in_app")}>` : "";
  return context([note, link].filter(Boolean).join(" · ") || tr("truncated"));
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
