/**
 * `alerts` (告警) in chat: the open alerts (firing, acknowledged, silenced), newest first, each with its level,
 * title, status and since when, and Acknowledge where it is still firing and the reader may acknowledge.
 */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import type { AlertLevel, AlertStatus } from "@ops/shared/contracts/monitor.ts";
import { actionButton, linkButton, type Block, type Button, type Card } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { alertText } from "./alert.ts";
import { formatTime } from "./format.ts";

export type AlertListItem = { id: string; level: AlertLevel; title: string; status: AlertStatus; firedAt: string; acknowledgedBy?: string | null };

export type AlertListData = {
  items: AlertListItem[];
  /** open alerts in all (the card shows at most ALERT_LIST_MAX) */
  total: number;
  /** the reader holds monitor:ack: firing ones get Acknowledge */
  canAck: boolean;
  timeZone?: string;
  link?: string;
};

/** alerts shown with buttons (a chat card's block budget); the rest are in the app */
export const ALERT_LIST_MAX = 10;

export const alertListText: Dict = {
  "zh-CN": {
    title: "未关闭的告警",
    subtitle: "共 ${total} 条",
    empty: "没有未关闭的告警。",
    line: "${level} · ${status} · 自 ${since}${by}",
    by: " · 认领人 ${name}",
    more: "另有 ${count} 条请在应用中查看",
    open_all: "打开告警列表",
  },
  en: {
    title: "Open alerts",
    subtitle: "${total} in all",
    empty: "No open alerts.",
    line: "${level} · ${status} · since ${since}${by}",
    by: " · acknowledged by ${name}",
    more: "${count} more in the app",
    open_all: "Open the alert list",
  },
};

export function alertListCard(data: AlertListData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(alertListText, locale);
  const ta = translator(alertText, locale);
  const link = data.link ?? "/monitor/alerts";
  const shown = data.items.slice(0, ALERT_LIST_MAX);
  const blocks: Block[] = [];
  if (!shown.length) blocks.push({ type: "markdown", text: tr("empty") });
  // `list`: the click answers with this list anew (an alert card's own click is refreshed by the API instead)
  for (const a of shown) {
    const line = tr("line", {
      level: a.level, status: ta(`status_${a.status}`), since: formatTime(a.firedAt, data.timeZone),
      by: a.acknowledgedBy ? tr("by", { name: a.acknowledgedBy }) : "",
    });
    // fields, not markdown: titles are the rules' text
    blocks.push({ type: "fields", fields: [{ label: a.title, value: line }] });
    const buttons: Button[] = [linkButton(ta("details"), `/monitor/alerts/${encodeURIComponent(a.id)}`)];
    if (data.canAck && a.status === "firing") buttons.unshift(actionButton(ta("ack"), "alert.ack", { id: a.id, list: true }, { style: "primary" }));
    blocks.push({ type: "actions", buttons });
  }
  if (data.total > shown.length) blocks.push({ type: "context", text: tr("more", { count: data.total - shown.length }) });
  blocks.push({ type: "actions", buttons: [linkButton(tr("open_all"), link)] });
  const worst = shown.some((a) => a.status === "firing") ? "danger" : shown.length ? "warning" : "success";
  return {
    locale,
    header: { title: tr("title"), subtitle: tr("subtitle", { total: data.total }), tone: worst },
    blocks,
    summary: data.total ? `${tr("title")} · ${tr("subtitle", { total: data.total })}` : tr("empty"),
    link,
  };
}
