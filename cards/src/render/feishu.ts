/**
 * Card → Feishu/Lark card JSON 2.0. Send it as `{msg_type: "interactive", content: JSON.stringify(card)}`.
 * Input and select blocks go into a `form` together with the action buttons that follow them, so one click
 * submits the fields: the callback carries `action.value = {action, value}` and `action.form_value`.
 * Images need an uploaded `img_key`: pass `imageKeys` (url → key); other images become links.
 */
import { assertCardActions, feishuCallbackValue } from "../action-codec.ts";
import type { Block, Button, Card, DiffBlock, InputBlock, SelectBlock, TableBlock } from "../card.ts";
import { checkFeishu } from "../check/feishu.ts";
import { fitCard, type RenderCtx } from "../degrade.ts";
import { renderTr, type Translate } from "../i18n.ts";
import * as L from "../limits.ts";
import { escapeMarkdownChars, mapProse, resolveUrl } from "../text.ts";
import { diffKind } from "./lines.ts";
import { FEISHU_TEMPLATE } from "./tone.ts";

export type FeishuElement = { tag: string; [key: string]: unknown };
export type FeishuCard = {
  schema: "2.0";
  config: { update_multi: true; summary: { content: string } };
  header: { title: FeishuText; subtitle?: FeishuText; template: (typeof L.FEISHU_HEADER_TEMPLATES)[number] };
  body: { elements: FeishuElement[] };
};
type FeishuText = { tag: "plain_text"; content: string };

export type FeishuRenderOptions = { appUrl?: string; imageKeys?: Record<string, string> };

export function renderFeishu(card: Card, opts: FeishuRenderOptions = {}): FeishuCard {
  assertCardActions(card, "feishu", L.FEISHU_MAX_CALLBACK_VALUE_BYTES, "bytes");
  return fitCard(card, { budget: L.FEISHU_BUDGET, appUrl: opts.appUrl, render: (c, ctx) => build(c, ctx, opts), check: checkFeishu });
}

type Env = { ctx: RenderCtx; tr: Translate; colon: string; opts: FeishuRenderOptions; tables: number; names: number };

const text = (content: string): FeishuText => ({ tag: "plain_text", content });
const md = (content: string, notation = false): FeishuElement =>
  notation ? { tag: "markdown", content, text_size: "notation" } : { tag: "markdown", content };
/** User text inside markdown: no formatting, no tags such as <at id=all>. */
const plain = (s: string) => escapeMarkdownChars(s).replace(/</g, "&lt;").replace(/>/g, "&gt;");
const markdown = (s: string) => mapProse(s, (p) => p.replace(/</g, "&lt;").replace(/>/g, "&gt;"));

function build(card: Card, ctx: RenderCtx, opts: FeishuRenderOptions): FeishuCard {
  const tr = renderTr(card.locale);
  const env: Env = { ctx, tr, colon: tr("colon"), opts, tables: 0, names: 0 };
  const { title, subtitle, tone } = card.header;
  const elements = groupForms(card.blocks).flatMap((g) => (Array.isArray(g) ? form(g, env) : block(g, env)));
  if (ctx.notice) {
    const note = ctx.notice.cut ? `✂️ ${env.tr("truncated")}` : "";
    const link = ctx.notice.link ? `[${env.tr("open_in_app")}](${ctx.notice.link})` : "";
    elements.push(md([note, link].filter(Boolean).join(" · ") || env.tr("truncated"), true));
  }
  return {
    schema: "2.0",
    config: { update_multi: true, summary: { content: ctx.cut(card.summary ?? title, L.FEISHU_MAX_SUMMARY) } },
    header: {
      title: text(ctx.cut(title, L.FEISHU_MAX_HEADER_TEXT)),
      ...(subtitle ? { subtitle: text(ctx.cut(subtitle, L.FEISHU_MAX_HEADER_TEXT)) } : {}),
      template: FEISHU_TEMPLATE[tone],
    },
    body: { elements },
  };
}

/** Form fields plus the actions block after them become one group (an array); everything else stays single. */
function groupForms(blocks: Block[]): (Block | Block[])[] {
  const out: (Block | Block[])[] = [];
  let pending: Block[] = [];
  for (const b of blocks) {
    if (b.type === "input" || b.type === "select") pending.push(b);
    else if (b.type === "actions" && pending.length) {
      out.push([...pending, b]);
      pending = [];
    } else {
      out.push(...pending, b);
      pending = [];
    }
  }
  return [...out, ...pending];
}

function block(b: Block, env: Env): FeishuElement[] {
  switch (b.type) {
    case "markdown":
      return b.text.trim() ? [md(markdown(b.text))] : [];
    case "context":
      return b.text.trim() ? [md(markdown(b.text), true)] : [];
    case "divider":
      return [{ tag: "hr" }];
    case "fields":
      return b.fields.length ? [md(b.fields.map((f) => `**${plain(f.label)}**${env.colon}${plain(f.value)}`).join("\n"))] : [];
    case "table":
      return table(b, env);
    case "diff":
      return b.rows.length ? [md(diffMarkdown(b, env.tr))] : [];
    case "image": {
      const key = env.opts.imageKeys?.[b.url];
      if (key) return [{ tag: "img", img_key: key, alt: text(b.alt) }];
      const url = resolveUrl(b.url, env.opts.appUrl);
      return url ? [md(`[🖼 ${plain(b.alt || "image")}](${url})`)] : [];
    }
    case "actions":
      return buttonRow(b.buttons, env, false);
    case "input":
      return [input(b, env, false)];
    case "select":
      return select(b, env, false);
  }
}

function form(group: Block[], env: Env): FeishuElement[] {
  const elements: FeishuElement[] = [];
  let links: Button[] = [];
  for (const b of group) {
    if (b.type === "input") elements.push(input(b, env, true));
    else if (b.type === "select") elements.push(...select(b, env, true));
    else if (b.type === "actions") {
      elements.push(...buttonRow(b.buttons.filter((x) => x.kind === "action"), env, true));
      links = b.buttons.filter((x) => x.kind === "link");
    }
  }
  return [{ tag: "form", name: `form_${env.names++}`, elements }, ...buttonRow(links, env, false)];
}

function table(b: TableBlock, env: Env): FeishuElement[] {
  if (!b.columns.length) return [];
  if (env.tables >= L.FEISHU_MAX_TABLES) {
    // Beyond the platform's table count a markdown list keeps the data visible.
    const lines = b.rows.map((r) => `- ${b.columns.map((c) => plain(r[c.key] ?? "")).join(" · ")}`);
    return [md([`**${b.columns.map((c) => plain(c.label)).join(" · ")}**`, ...lines].join("\n"))];
  }
  env.tables++;
  const columns = b.columns.slice(0, L.FEISHU_MAX_TABLE_COLUMNS);
  if (columns.length < b.columns.length) env.ctx.drop();
  return [
    {
      tag: "table",
      page_size: Math.min(Math.max(b.rows.length, 1), L.FEISHU_MAX_TABLE_PAGE_SIZE),
      row_height: "low",
      header_style: { bold: true, background_style: "grey" },
      columns: columns.map((c, i) => ({ name: `c${i}`, display_name: c.label, data_type: "text", width: "auto", horizontal_align: c.align ?? "left" })),
      rows: b.rows.map((r) => Object.fromEntries(columns.map((c, i) => [`c${i}`, r[c.key] ?? ""]))),
    },
  ];
}

function diffMarkdown(b: DiffBlock, tr: Translate): string {
  const show = (v: string | null) => (v === null || v === "" ? tr("empty") : plain(v));
  return b.rows
    .map((r) => {
      const key = `**${plain(r.key)}**`;
      switch (diffKind(r)) {
        case "added":
          return `<font color='green'>+ ${key}: ${show(r.after)}</font>`;
        case "removed":
          return `<font color='red'>- ${key}: ${show(r.before)}</font>`;
        default:
          return `<font color='orange'>~</font> ${key}: ~~${show(r.before)}~~ → ${show(r.after)}`;
      }
    })
    .join("\n");
}

function buttonRow(buttons: Button[], env: Env, inForm: boolean): FeishuElement[] {
  const elements = buttons.flatMap((b) => button(b, env, inForm));
  if (!elements.length) return [];
  return [{ tag: "column_set", flex_mode: "flow", horizontal_spacing: "8px", columns: elements.map((e) => ({ tag: "column", width: "auto", elements: [e] })) }];
}

function button(b: Button, env: Env, inForm: boolean): FeishuElement[] {
  const { ctx, tr } = env;
  const base = { tag: "button", text: text(ctx.cut(b.text, L.FEISHU_MAX_BUTTON_TEXT)), type: b.style ?? "default" };
  if (b.kind === "link") {
    const url = resolveUrl(b.url, env.opts.appUrl);
    return url ? [{ ...base, behaviors: [{ type: "open_url", default_url: url }] }] : [];
  }
  const confirm = b.confirm
    ? { confirm: { title: text(ctx.cut(b.confirm.title, L.FEISHU_MAX_CONFIRM_TITLE)), text: text(ctx.cut(b.confirm.text || tr("confirm"), L.FEISHU_MAX_CONFIRM_TEXT)) } }
    : {};
  const submit = inForm ? { name: `btn_${env.names++}`, form_action_type: "submit" } : {};
  return [{ ...base, ...submit, ...confirm, behaviors: [{ type: "callback", value: feishuCallbackValue(b) }] }];
}

function input(b: InputBlock, env: Env, inForm: boolean): FeishuElement {
  const { ctx } = env;
  return {
    tag: "input",
    name: b.name,
    label: text(ctx.cut(b.label, L.FEISHU_MAX_HEADER_TEXT)),
    input_type: b.multiline ? "multiline_text" : "text",
    ...(b.placeholder ? { placeholder: text(b.placeholder) } : {}),
    ...(b.initial ? { default_value: b.initial } : {}),
    max_length: Math.min(b.maxLength ?? L.FEISHU_MAX_INPUT_LENGTH, L.FEISHU_MAX_INPUT_LENGTH),
    ...(inForm ? { required: !b.optional } : {}),
  };
}

function select(b: SelectBlock, env: Env, inForm: boolean): FeishuElement[] {
  const options = b.options.slice(0, L.FEISHU_MAX_SELECT_OPTIONS);
  if (options.length < b.options.length) env.ctx.drop();
  if (!options.length) return [];
  return [
    md(`**${plain(b.label)}**`),
    {
      tag: "select_static",
      name: b.name,
      placeholder: text(b.placeholder ?? b.label),
      options: options.map((o) => ({ text: text(o.label), value: o.value })),
      ...(options.some((o) => o.value === b.initial) ? { initial_option: b.initial } : {}),
      ...(inForm ? { required: !b.optional } : {}),
    },
  ];
}
