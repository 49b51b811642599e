/**
 * The content blocks of a card as DingTalk markdown (headings, bold, links, images, lists, <font color>).
 * Used for markdown / actionCard messages and for the body variable of the interactive card template.
 * Interactive blocks are not rendered here; the callers decide what becomes of them.
 */
import type { Block, Card, DiffBlock, TableBlock } from "../card.ts";
import type { Notice, RenderCtx } from "../degrade.ts";
import type { Translate } from "../i18n.ts";
import { resolveUrl } from "../text.ts";
import { diffKind } from "./lines.ts";
import { DINGTALK_COLOR, TONE_EMOJI } from "./tone.ts";

/** DingTalk needs a blank line (or two trailing spaces) for a line break. */
export const BREAK = "\n\n";

// DingTalk reads <font> and similar tags anywhere (it has no code spans) and may not decode entities, so user
// text gets look-alike brackets that can never become markup.
const angles = (s: string) => s.replace(/</g, "‹").replace(/>/g, "›");
// DingTalk's markdown has no backslash escapes: plain text only loses its angle brackets and line breaks.
const plain = (s: string) => angles(s).replace(/\n+/g, " ");
const grey = (s: string) => `<font color=${DINGTALK_COLOR.neutral}>${s}</font>`;

export function headingMarkdown(card: Card): string {
  const { title, subtitle, tone } = card.header;
  const head = `### ${TONE_EMOJI[tone]} ${plain(title)}`;
  return subtitle ? `${head}${BREAK}${grey(plain(subtitle))}` : head;
}

export function blocksMarkdown(blocks: Block[], ctx: RenderCtx, tr: Translate, appUrl?: string): string {
  return blocks
    .map((b) => blockMarkdown(b, ctx, tr, appUrl))
    .filter((s) => s !== "")
    .join(BREAK);
}

function blockMarkdown(b: Block, ctx: RenderCtx, tr: Translate, appUrl?: string): string {
  switch (b.type) {
    case "markdown":
      return angles(b.text.trim());
    case "context":
      return b.text.trim() ? grey(angles(b.text.trim())) : "";
    case "divider":
      return "---";
    case "fields":
      return b.fields.map((f) => `**${plain(f.label)}**${tr("colon")}${plain(f.value)}`).join(BREAK);
    case "table":
      return tableMarkdown(b);
    case "diff":
      return diffMarkdown(b, tr);
    case "image": {
      const url = resolveUrl(b.url, appUrl);
      return url ? `![${plain(b.alt)}](${url})` : "";
    }
    case "input":
    case "select":
      // No form fields in DingTalk messages or the generic template: point to the app instead.
      ctx.needApp();
      return grey(tr("unsupported_input", { label: plain(b.label) }));
    case "actions":
      return "";
  }
}

function tableMarkdown(b: TableBlock): string {
  if (!b.columns.length) return "";
  const head = `**${b.columns.map((c) => plain(c.label)).join(" · ")}**`;
  const rows = b.rows.map((r) => `- ${b.columns.map((c) => plain(r[c.key] ?? "")).join(" · ")}`);
  return [head, ...rows].join("\n");
}

function diffMarkdown(b: DiffBlock, tr: Translate): string {
  const show = (v: string | null) => (v === null || v === "" ? tr("empty") : plain(v));
  return b.rows
    .map((r) => {
      const key = `**${plain(r.key)}**`;
      switch (diffKind(r)) {
        case "added":
          return `- <font color=${DINGTALK_COLOR.success}>+</font> ${key}: ${show(r.after)}`;
        case "removed":
          return `- <font color=${DINGTALK_COLOR.danger}>−</font> ${key}: ${show(r.before)}`;
        default:
          return `- <font color=${DINGTALK_COLOR.warning}>~</font> ${key}: ${show(r.before)} → ${show(r.after)}`;
      }
    })
    .join("\n");
}

/** The end-of-card notice; `withLink: false` when the caller shows the app link elsewhere (card template). */
export function noticeMarkdown(notice: Notice, tr: Translate, withLink = true): string {
  const note = notice.cut ? `✂️ ${tr("truncated")}` : "";
  const link = withLink && notice.link ? `[${tr("open_in_app")}](${notice.link})` : "";
  const text = [note, link].filter(Boolean).join(" · ");
  return text ? `> ${text}` : "";
}
