/** The web limits in limits.ts, checked on rendered web JSON. One line per violation. */
import * as L from "../limits.ts";
import type { WebCard } from "../render/web.ts";
import { jsonBytes } from "../text.ts";

export function checkWeb(card: WebCard): string[] {
  const problems: string[] = [];
  const report = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const bytes = jsonBytes(card);
  report(bytes <= L.WEB_MAX_CARD_BYTES, `card is ${bytes} bytes > ${L.WEB_MAX_CARD_BYTES}`);
  report(card.blocks.length <= L.WEB_MAX_BLOCKS, `${card.blocks.length} blocks > ${L.WEB_MAX_BLOCKS}`);
  report(card.header.title.length <= L.WEB_MAX_TITLE && card.summary.length <= L.WEB_MAX_TITLE, "title or summary too long");
  let buttons = 0;
  for (const b of card.blocks) {
    if (b.type === "markdown" || b.type === "context") report(b.text.length <= L.WEB_MAX_TEXT, `${b.type} text too long`);
    if (b.type === "table" || b.type === "diff") report(b.rows.length <= L.WEB_MAX_TABLE_ROWS, `${b.type} has ${b.rows.length} rows`);
    if (b.type !== "actions") continue;
    buttons += b.buttons.length;
    for (const x of b.buttons)
      if (x.kind === "action") report(jsonBytes(x.value) <= L.WEB_MAX_ACTION_VALUE_BYTES, `value of ${x.action} too large`);
  }
  report(buttons <= L.WEB_MAX_BUTTONS, `${buttons} buttons > ${L.WEB_MAX_BUTTONS}`);
  return problems;
}
