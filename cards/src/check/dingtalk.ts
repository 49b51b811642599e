/** Every DingTalk limit in limits.ts, checked on rendered card data and messages. One line per violation. */
import * as L from "../limits.ts";
import type { DingTalkCardButton, DingTalkCardData, DingTalkMessage } from "../render/dingtalk.ts";
import { jsonBytes } from "../text.ts";

export function checkDingTalkMessage(msg: DingTalkMessage): string[] {
  const problems: string[] = [];
  const report = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const bytes = jsonBytes(msg);
  report(bytes <= L.DINGTALK_MAX_MESSAGE_BYTES, `message is ${bytes} bytes > ${L.DINGTALK_MAX_MESSAGE_BYTES}`);
  const body = msg.msgtype === "markdown" ? msg.markdown : msg.actionCard;
  report(body.title.length > 0 && body.title.length <= L.DINGTALK_MAX_TITLE, "title empty or too long");
  report(body.text.length > 0, "empty text");
  if (msg.msgtype === "actionCard") {
    const btns = msg.actionCard.btns;
    report(btns.length > 0 && btns.length <= L.DINGTALK_MAX_ACTIONCARD_BUTTONS, `${btns.length} actionCard buttons`);
    for (const b of btns) {
      report(b.title.length > 0 && b.title.length <= L.DINGTALK_MAX_BUTTON_TEXT, `button title "${b.title}"`);
      report(/^https?:\/\//.test(b.actionURL) && b.actionURL.length <= L.DINGTALK_MAX_URL, `button url "${b.actionURL}"`);
    }
  }
  return problems;
}

export function checkDingTalkCard(card: DingTalkCardData): string[] {
  const problems: string[] = [];
  const report = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const map = card.cardData.cardParamMap;
  const bytes = jsonBytes(card);
  report(bytes <= L.DINGTALK_MAX_CARD_DATA_BYTES, `card data is ${bytes} bytes > ${L.DINGTALK_MAX_CARD_DATA_BYTES}`);
  report(card.cardTemplateId.length > 0, "no template id");
  for (const [k, v] of Object.entries(map)) report(typeof v === "string", `cardParamMap.${k} is not a string`);
  report((map.title ?? "").length > 0 && (map.title ?? "").length <= L.DINGTALK_MAX_TITLE, "title empty or too long");
  report((map.subtitle ?? "").length <= L.DINGTALK_MAX_SUBTITLE, "subtitle too long");
  let buttons: DingTalkCardButton[] = [];
  try {
    buttons = JSON.parse(map.buttons ?? "[]") as DingTalkCardButton[];
  } catch {
    report(false, "buttons is not JSON");
  }
  report(buttons.length <= L.DINGTALK_MAX_CARD_BUTTONS, `${buttons.length} buttons > ${L.DINGTALK_MAX_CARD_BUTTONS}`);
  for (const b of buttons) {
    report(b.text.length > 0 && b.text.length <= L.DINGTALK_MAX_BUTTON_TEXT, `button text "${b.text}"`);
    report(b.value.length <= L.DINGTALK_MAX_PARAM_VALUE, `button value of ${b.action} too long`);
    report(b.url.length <= L.DINGTALK_MAX_URL, "button url too long");
    report(b.confirm_title.length <= L.DINGTALK_MAX_CONFIRM_TITLE && b.confirm_text.length <= L.DINGTALK_MAX_CONFIRM_TEXT, "confirm too long");
    report((b.action === "") !== (b.url === ""), "a button needs exactly one of action and url");
  }
  return problems;
}
