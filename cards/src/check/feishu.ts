/** Every Feishu card JSON 2.0 limit in limits.ts, checked on a rendered card. One line per violation. */
import * as L from "../limits.ts";
import type { FeishuCard, FeishuElement } from "../render/feishu.ts";
import { utf8Bytes } from "../text.ts";

/** Size as sent: the card is JSON-encoded into the `content` string of the message body. */
export function feishuCardBytes(card: FeishuCard): number {
  return utf8Bytes(JSON.stringify(JSON.stringify(card))) + L.FEISHU_ENVELOPE_RESERVE_BYTES;
}

export function checkFeishu(card: FeishuCard): string[] {
  const problems: string[] = [];
  const report = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  report(card.schema === "2.0", "schema is not 2.0");
  report(card.config.update_multi === true, "update_multi must be true for 2.0 cards");
  report((L.FEISHU_HEADER_TEMPLATES as readonly string[]).includes(card.header.template), `header template ${card.header.template}`);
  report(card.header.title.content.length <= L.FEISHU_MAX_HEADER_TEXT, "header title too long");
  report((card.header.subtitle?.content.length ?? 0) <= L.FEISHU_MAX_HEADER_TEXT, "header subtitle too long");
  report(card.config.summary.content.length <= L.FEISHU_MAX_SUMMARY, "summary too long");
  const bytes = feishuCardBytes(card);
  report(bytes <= L.FEISHU_MAX_CARD_BYTES, `card is ${bytes} bytes > ${L.FEISHU_MAX_CARD_BYTES}`);

  const stats = { tables: 0, names: new Set<string>() };
  walk(card.body.elements, false, stats, report);
  const tagged = countTagged(card.header) + countTagged(card.body.elements);
  report(tagged <= L.FEISHU_MAX_ELEMENTS, `${tagged} elements > ${L.FEISHU_MAX_ELEMENTS}`);
  report(stats.tables <= L.FEISHU_MAX_TABLES, `${stats.tables} tables > ${L.FEISHU_MAX_TABLES}`);
  return problems;
}

type Stats = { tables: number; names: Set<string> };
type Report = (ok: boolean, what: string) => void;

function walk(elements: FeishuElement[], inForm: boolean, s: Stats, report: Report): void {
  for (const e of elements) {
    checkElement(e, inForm, s, report);
    if (e.tag === "form") walk(e.elements as FeishuElement[], true, s, report);
    if (e.tag === "column_set")
      for (const col of e.columns as { elements: FeishuElement[] }[]) walk(col.elements, inForm, s, report);
  }
}

function checkElement(e: FeishuElement, inForm: boolean, s: Stats, report: Report): void {
  const named = typeof e.name === "string" ? e.name : null;
  if (named) {
    report(!s.names.has(named), `duplicate name ${named}`);
    s.names.add(named);
  }
  switch (e.tag) {
    case "table": {
      s.tables++;
      report(!inForm, "table inside a form");
      const size = e.page_size as number;
      report(size >= 1 && size <= L.FEISHU_MAX_TABLE_PAGE_SIZE, `table page_size ${size}`);
      report((e.columns as unknown[]).length <= L.FEISHU_MAX_TABLE_COLUMNS, "too many table columns");
      return;
    }
    case "form":
      report(!inForm, "form inside a form");
      return report(named !== null, "form without name");
    case "button": {
      report(((e.text as { content: string }).content ?? "").length <= L.FEISHU_MAX_BUTTON_TEXT, "button text too long");
      if (inForm) report(named !== null && e.form_action_type === "submit", "form button without name/form_action_type");
      const confirm = e.confirm as { title: { content: string }; text: { content: string } } | undefined;
      if (confirm)
        report(confirm.title.content.length <= L.FEISHU_MAX_CONFIRM_TITLE && confirm.text.content.length <= L.FEISHU_MAX_CONFIRM_TEXT, "confirm too long");
      for (const bh of (e.behaviors ?? []) as { type: string; value?: unknown }[])
        if (bh.type === "callback")
          report(utf8Bytes(JSON.stringify(bh.value)) <= L.FEISHU_MAX_CALLBACK_VALUE_BYTES, "callback value too large");
      return;
    }
    case "input":
      report(named !== null, "input without name");
      return report((e.max_length as number) <= L.FEISHU_MAX_INPUT_LENGTH, "input max_length too large");
    case "select_static":
      report(named !== null, "select without name");
      return report((e.options as unknown[]).length <= L.FEISHU_MAX_SELECT_OPTIONS, "too many select options");
  }
}

/** Counts objects carrying a `tag`, including nested plain_text ones, which Feishu counts too. */
function countTagged(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countTagged(v), 0);
  if (!value || typeof value !== "object") return 0;
  const own = typeof (value as { tag?: unknown }).tag === "string" ? 1 : 0;
  let nested = 0;
  for (const v of Object.values(value)) nested += countTagged(v);
  return own + nested;
}

