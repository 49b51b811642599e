/**
 * Every Slack limit in limits.ts, checked on a rendered message. The renderer uses it to decide whether to shrink
 * further; tests use it to prove that what is sent would be accepted. Returns one line per violation.
 */
import * as L from "../limits.ts";
import type { SlackBlock, SlackButton, SlackConfirm } from "../render/slack-types.ts";
import { jsonBytes } from "../text.ts";

type Report = (ok: boolean, what: string) => void;

export function checkSlack(msg: { text: string; blocks: SlackBlock[] }): string[] {
  const problems: string[] = [];
  const report: Report = (ok, what) => {
    if (!ok) problems.push(what);
  };
  const max = (value: string | undefined, limit: number, what: string) =>
    report(value === undefined || value.length <= limit, `${what} longer than ${limit}`);
  const ids = new Set<string>();

  max(msg.text, L.SLACK_MAX_FALLBACK_TEXT, "text");
  report(msg.text.length > 0, "empty text");
  report(msg.blocks.length <= L.SLACK_MAX_BLOCKS, `${msg.blocks.length} blocks > ${L.SLACK_MAX_BLOCKS}`);
  const bytes = jsonBytes(msg);
  report(bytes <= L.SLACK_MAX_MESSAGE_BYTES, `message is ${bytes} bytes > ${L.SLACK_MAX_MESSAGE_BYTES}`);
  msg.blocks.forEach((b, i) => checkBlock(b, `blocks[${i}]`, { report, max, ids }));
  return problems;
}

type Ctx = { report: Report; max: (v: string | undefined, limit: number, what: string) => void; ids: Set<string> };

function checkBlock(b: SlackBlock, at: string, c: Ctx): void {
  const { report, max } = c;
  switch (b.type) {
    case "header":
      return max(b.text.text, L.SLACK_MAX_HEADER_TEXT, `${at} header`);
    case "section":
      if ("text" in b) {
        report(b.text.text.length > 0, `${at} empty section`);
        return max(b.text.text, L.SLACK_MAX_SECTION_TEXT, `${at} section`);
      }
      report(b.fields.length <= L.SLACK_MAX_SECTION_FIELDS, `${at} more than ${L.SLACK_MAX_SECTION_FIELDS} fields`);
      return b.fields.forEach((f, i) => max(f.text, L.SLACK_MAX_FIELD_TEXT, `${at}.fields[${i}]`));
    case "context":
      report(b.elements.length <= L.SLACK_MAX_CONTEXT_ELEMENTS, `${at} too many context elements`);
      return b.elements.forEach((e, i) => max(e.text, L.SLACK_MAX_CONTEXT_TEXT, `${at}.elements[${i}]`));
    case "image":
      max(b.image_url, L.SLACK_MAX_URL, `${at} image_url`);
      return max(b.alt_text, L.SLACK_MAX_IMAGE_ALT, `${at} alt_text`);
    case "actions":
      report(b.elements.length > 0 && b.elements.length <= L.SLACK_MAX_ACTIONS_ELEMENTS, `${at} has ${b.elements.length} elements`);
      return b.elements.forEach((e, i) => checkButton(e, `${at}.elements[${i}]`, c));
    case "input":
      return checkInput(b, at, c);
    case "divider":
      return;
  }
}

function checkButton(e: SlackButton, at: string, c: Ctx): void {
  c.max(e.text.text, L.SLACK_MAX_BUTTON_TEXT, `${at} text`);
  c.max(e.action_id, L.SLACK_MAX_ACTION_ID, `${at} action_id`);
  c.report(!c.ids.has(e.action_id), `${at} duplicate action_id ${e.action_id}`);
  c.ids.add(e.action_id);
  c.max(e.value, L.SLACK_MAX_BUTTON_VALUE, `${at} value`);
  c.max(e.url, L.SLACK_MAX_URL, `${at} url`);
  if (e.confirm) checkConfirm(e.confirm, `${at}.confirm`, c);
}

function checkConfirm(d: SlackConfirm, at: string, c: Ctx): void {
  c.max(d.title.text, L.SLACK_MAX_CONFIRM_TITLE, `${at} title`);
  c.max(d.text.text, L.SLACK_MAX_CONFIRM_TEXT, `${at} text`);
  c.max(d.confirm.text, L.SLACK_MAX_CONFIRM_BUTTON, `${at} confirm`);
  c.max(d.deny.text, L.SLACK_MAX_CONFIRM_BUTTON, `${at} deny`);
}

function checkInput(b: Extract<SlackBlock, { type: "input" }>, at: string, c: Ctx): void {
  c.max(b.block_id, L.SLACK_MAX_BLOCK_ID, `${at} block_id`);
  c.max(b.label.text, L.SLACK_MAX_INPUT_LABEL, `${at} label`);
  const e = b.element;
  c.max(e.action_id, L.SLACK_MAX_ACTION_ID, `${at} action_id`);
  c.report(!c.ids.has(e.action_id), `${at} duplicate action_id ${e.action_id}`);
  c.ids.add(e.action_id);
  c.max(e.placeholder?.text, L.SLACK_MAX_PLACEHOLDER, `${at} placeholder`);
  if (e.type === "plain_text_input") {
    c.report((e.max_length ?? 0) <= L.SLACK_MAX_INPUT_LENGTH, `${at} max_length`);
    return c.max(e.initial_value, L.SLACK_MAX_INPUT_LENGTH, `${at} initial_value`);
  }
  c.report(e.options.length > 0 && e.options.length <= L.SLACK_MAX_SELECT_OPTIONS, `${at} has ${e.options.length} options`);
  e.options.forEach((o, i) => {
    c.max(o.text.text, L.SLACK_MAX_OPTION_TEXT, `${at}.options[${i}] text`);
    c.max(o.value, L.SLACK_MAX_OPTION_VALUE, `${at}.options[${i}] value`);
  });
}
