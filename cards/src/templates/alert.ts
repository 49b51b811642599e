/**
 * A monitoring alert (issue 13): what fired, how bad, since when and who has it; Acknowledge / Resolve / Silence 1h
 * as its status allows (see AlertCardData in the monitor contract); and the recovery notice that closes it. Every
 * copy (each recipient's, each chat group's) is this card, refreshed in place by the API on every change.
 */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import type { AlertCardData, AlertLevel, AlertStatus } from "@ops/shared/contracts/monitor.ts";
import { actionButton, linkButton, type Block, type Button, type Card, type Field, type Tone } from "../card.ts";
import { translator, type Dict, type Translate } from "../i18n.ts";
import { formatPairs, formatTime } from "./format.ts";

export type { AlertCardData } from "@ops/shared/contracts/monitor.ts";

export const alertText: Dict = {
  "zh-CN": {
    subtitle: "${level} · ${status} · ${source}",
    summary: "[${level}] ${title} · ${status}",
    recovered_title: "已恢复：${title}",
    recovered_summary: "[已恢复] ${title}",
    recovered_note: "告警条件已解除，自动恢复。",
    level: "级别",
    level_P0: "P0 紧急",
    level_P1: "P1 严重",
    level_P2: "P2 警告",
    level_P3: "P3 提示",
    status_firing: "告警中",
    status_acknowledged: "已认领",
    status_silenced: "已静默",
    status_resolved: "已恢复",
    fired_at: "触发时间",
    resolved_at: "恢复时间",
    value: "触发值",
    condition: "条件",
    occurrences: "出现次数",
    escalation: "升级",
    escalated: "已升级 ${n} 次",
    acked_by: "认领人",
    silenced_until: "静默至",
    labels: "标签",
    ack: "认领",
    resolve: "解决",
    resolve_confirm_title: "手动解决告警？",
    resolve_confirm_text: "告警将关闭并发送恢复通知；条件仍满足时会再次触发。",
    silence_1h: "静默 1 小时",
    runbook: "处理手册",
    details: "查看详情",
  },
  en: {
    subtitle: "${level} · ${status} · ${source}",
    summary: "[${level}] ${title} · ${status}",
    recovered_title: "Recovered: ${title}",
    recovered_summary: "[Recovered] ${title}",
    recovered_note: "The condition cleared; the alert recovered on its own.",
    level: "Level",
    level_P0: "P0 Critical",
    level_P1: "P1 High",
    level_P2: "P2 Warning",
    level_P3: "P3 Info",
    status_firing: "firing",
    status_acknowledged: "acknowledged",
    status_silenced: "silenced",
    status_resolved: "resolved",
    fired_at: "Fired",
    resolved_at: "Resolved",
    value: "Value",
    condition: "Condition",
    occurrences: "Occurrences",
    escalation: "Escalation",
    escalated: "Escalated ${n} time(s)",
    acked_by: "Acknowledged by",
    silenced_until: "Silenced until",
    labels: "Labels",
    ack: "Acknowledge",
    resolve: "Resolve",
    resolve_confirm_title: "Resolve this alert by hand?",
    resolve_confirm_text: "It closes with a recovery notice; it fires again if the condition still holds.",
    silence_1h: "Silence 1h",
    runbook: "Runbook",
    details: "Details",
  },
};

/** P0/P1 wake people up (danger), P2 is a warning, P3 a note. */
export const ALERT_LEVEL_TONE: Record<AlertLevel, Tone> = { P0: "danger", P1: "danger", P2: "warning", P3: "info" };

export function alertTone(level: AlertLevel, status: AlertStatus): Tone {
  if (status === "resolved") return "success";
  if (status === "silenced") return "neutral";
  return ALERT_LEVEL_TONE[level] ?? "warning";
}

/** The buttons a status allows (the contract's table); every value carries the alert's id. */
export function alertButtons(id: string, status: AlertStatus, tr: Translate): Button[] {
  const ack = actionButton(tr("ack"), "alert.ack", { id }, { style: "primary" });
  const resolve = actionButton(tr("resolve"), "alert.resolve", { id }, { confirm: { title: tr("resolve_confirm_title"), text: tr("resolve_confirm_text") } });
  const silence = actionButton(tr("silence_1h"), "alert.silence", { id, duration: "1h" });
  if (status === "firing") return [ack, resolve, silence];
  if (status === "acknowledged") return [resolve, silence];
  if (status === "silenced") return [resolve];
  return [];
}

function fieldsOf(d: AlertCardData, tr: Translate): Field[] {
  const tz = d.timeZone;
  const fields: Field[] = [
    { label: tr("level"), value: tr(`level_${d.level}`) },
    { label: tr("fired_at"), value: formatTime(d.firedAt, tz) },
  ];
  if (d.resolvedAt) fields.push({ label: tr("resolved_at"), value: formatTime(d.resolvedAt, tz) });
  if (d.value) fields.push({ label: tr("value"), value: d.value });
  if (d.condition) fields.push({ label: tr("condition"), value: d.condition });
  if ((d.occurrences ?? 0) > 1) fields.push({ label: tr("occurrences"), value: String(d.occurrences) });
  if ((d.escalationStep ?? 0) > 0) fields.push({ label: tr("escalation"), value: tr("escalated", { n: d.escalationStep }) });
  if (d.acknowledgedBy) fields.push({ label: tr("acked_by"), value: d.acknowledgedBy });
  if (d.status === "silenced" && d.silencedUntil) fields.push({ label: tr("silenced_until"), value: formatTime(d.silencedUntil, tz) });
  if (d.labels && Object.keys(d.labels).length) fields.push({ label: tr("labels"), value: formatPairs(d.labels) });
  return fields;
}

export function alertCard(data: AlertCardData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(alertText, locale);
  const link = data.link ?? `/monitor/alerts/${encodeURIComponent(data.alertId)}`;
  const level = data.level;
  const status = tr(`status_${data.status}`);
  const recovered = data.recovered === true;
  const blocks: Block[] = [];
  if (recovered) blocks.push({ type: "context", text: tr("recovered_note") });
  blocks.push({ type: "fields", fields: fieldsOf(data, tr) });
  if (data.description) blocks.push({ type: "markdown", text: data.description });
  const buttons = alertButtons(data.alertId, data.status, tr);
  if (data.runbookUrl) buttons.push(linkButton(tr("runbook"), data.runbookUrl));
  buttons.push(linkButton(tr("details"), link));
  blocks.push({ type: "actions", buttons });
  // a notice's copy may carry the notice's own wording ("已恢复：…") as its title: not said twice
  const worded = recovered && data.title.startsWith(tr("recovered_title", { title: "" }));
  return {
    locale,
    header: {
      title: recovered && !worded ? tr("recovered_title", { title: data.title }) : data.title,
      subtitle: tr("subtitle", { level, status, source: data.source }),
      tone: recovered ? "success" : alertTone(level, data.status),
    },
    blocks,
    summary: worded ? data.title : recovered ? tr("recovered_summary", { title: data.title }) : tr("summary", { level, title: data.title, status }),
    link,
  };
}
