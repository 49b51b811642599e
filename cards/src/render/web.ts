/**
 * Card → web JSON for the PWA (chat console, previews, push detail). The blocks keep the neutral shapes, so the
 * PWA renders one type-tagged list; confirm dialogs get their button words filled in, and the output is cut to
 * the web limits like any other platform. The PWA must render `markdown`/`context` text as markdown without raw
 * HTML, and post clicks as {action, value, inputs} to POST /api/v1/chat/actions.
 */
import { assertCardActions } from "../action-codec.ts";
import type { Block, Button, Card, CardHeader } from "../card.ts";
import { checkWeb } from "../check/web.ts";
import { fitCard, type RenderCtx } from "../degrade.ts";
import { renderTr, type Translate } from "../i18n.ts";
import * as L from "../limits.ts";

export type WebConfirm = { title: string; text: string; confirm: string; deny: string };
export type WebButton = Exclude<Button, { kind: "action" }> | (Omit<Extract<Button, { kind: "action" }>, "confirm"> & { confirm?: WebConfirm });
export type WebBlock = Exclude<Block, { type: "actions" }> | { type: "actions"; buttons: WebButton[] };

export type WebCard = {
  version: 1;
  locale: Card["locale"];
  header: CardHeader;
  summary: string;
  blocks: WebBlock[];
  /** app path (or URL) of the full view */
  link: string | null;
  /** set when the card was cut down to fit; the PWA shows the text and links to `link` */
  notice: { text: string; linkText: string } | null;
};

export type WebRenderOptions = { appUrl?: string };

export function renderWeb(card: Card, opts: WebRenderOptions = {}): WebCard {
  assertCardActions(card, "web", L.WEB_MAX_ACTION_VALUE_BYTES, "bytes");
  return fitCard(card, { budget: L.WEB_BUDGET, appUrl: opts.appUrl, render: build, check: checkWeb });
}

function build(card: Card, ctx: RenderCtx): WebCard {
  const tr = renderTr(card.locale);
  const blocks = card.blocks.map((b) => block(b, ctx, tr));
  return {
    version: 1,
    locale: card.locale,
    header: { ...card.header, title: ctx.cut(card.header.title, L.WEB_MAX_TITLE) },
    summary: ctx.cut(card.summary ?? card.header.title, L.WEB_MAX_TITLE),
    blocks,
    link: card.link ?? null,
    notice: ctx.notice?.cut ? { text: tr("truncated"), linkText: tr("open_in_app") } : null,
  };
}

function block(b: Block, ctx: RenderCtx, tr: Translate): WebBlock {
  switch (b.type) {
    case "markdown":
      return { ...b, text: ctx.cutMd(b.text, L.WEB_MAX_TEXT) };
    case "context":
      return { ...b, text: ctx.cut(b.text, L.WEB_MAX_TEXT) };
    case "actions":
      return { type: "actions", buttons: b.buttons.map((x) => button(x, tr)) };
    default:
      return b;
  }
}

function button(b: Button, tr: Translate): WebButton {
  if (b.kind === "link" || !b.confirm) return b as WebButton;
  const c = b.confirm;
  return { ...b, confirm: { title: c.title, text: c.text, confirm: c.confirm ?? tr("confirm"), deny: c.deny ?? tr("deny") } };
}
