/** A monitoring alert: what fired, where, since when; acknowledge or silence it for a while. */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Button, type Card, type Tone } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { formatPairs, formatTime } from "./format.ts";

export type AlertSeverity = "critical" | "warning" | "info";
export type AlertStatus = "firing" | "acknowledged" | "resolved" | "silenced";

export type AlertData = {
  alertId: string;
  title: string;
  severity: AlertSeverity;
  status: AlertStatus;
  source: string;
  firedAt: string;
  resolvedAt?: string;
  /** markdown from the alert rule */
  description?: string;
  labels?: Record<string, string>;
  value?: string;
  acknowledgedBy?: string;
  runbookUrl?: string;
  link?: string;
  timeZone?: string;
};

export const alertText: Dict = {
  "zh-CN": {
    subtitle: "${severity} · ${status} · ${source}",
    summary: "[${severity}] ${title}",
    severity_critical: "严重",
    severity_warning: "警告",
    severity_info: "提示",
    status_firing: "告警中",
    status_acknowledged: "已认领",
    status_resolved: "已恢复",
    status_silenced: "已静默",
    fired_at: "触发时间",
    resolved_at: "恢复时间",
    value: "当前值",
    labels: "标签",
    acked_by: "认领人",
    ack: "认领",
    silence_for: "静默时长",
    silence: "静默",
    silence_1h: "1 小时",
    silence_4h: "4 小时",
    silence_24h: "24 小时",
    runbook: "处理手册",
    details: "查看详情",
  },
  en: {
    subtitle: "${severity} · ${status} · ${source}",
    summary: "[${severity}] ${title}",
    severity_critical: "Critical",
    severity_warning: "Warning",
    severity_info: "Info",
    status_firing: "firing",
    status_acknowledged: "acknowledged",
    status_resolved: "resolved",
    status_silenced: "silenced",
    fired_at: "Fired",
    resolved_at: "Resolved",
    value: "Value",
    labels: "Labels",
    acked_by: "Acknowledged by",
    ack: "Acknowledge",
    silence_for: "Silence for",
    silence: "Silence",
    silence_1h: "1 hour",
    silence_4h: "4 hours",
    silence_24h: "24 hours",
    runbook: "Runbook",
    details: "Details",
  },
};

function toneOf(d: AlertData): Tone {
  if (d.status === "resolved") return "success";
  if (d.status === "silenced") return "neutral";
  return d.severity === "critical" ? "danger" : d.severity === "warning" ? "warning" : "info";
}

export function alertCard(data: AlertData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(alertText, locale);
  const link = data.link ?? `/monitor/alerts/${encodeURIComponent(data.alertId)}`;
  const severity = tr(`severity_${data.severity}`);
  const fields = [
    { label: tr("fired_at"), value: formatTime(data.firedAt, data.timeZone) },
    ...(data.resolvedAt ? [{ label: tr("resolved_at"), value: formatTime(data.resolvedAt, data.timeZone) }] : []),
    ...(data.value ? [{ label: tr("value"), value: data.value }] : []),
    ...(data.acknowledgedBy ? [{ label: tr("acked_by"), value: data.acknowledgedBy }] : []),
    ...(data.labels && Object.keys(data.labels).length ? [{ label: tr("labels"), value: formatPairs(data.labels) }] : []),
  ];
  const blocks: Block[] = [{ type: "fields", fields }];
  if (data.description) blocks.push({ type: "markdown", text: data.description });

  const buttons: Button[] = [];
  const active = data.status === "firing" || data.status === "acknowledged";
  if (data.status === "firing") buttons.push(actionButton(tr("ack"), "alert.ack", { id: data.alertId }, { style: "primary" }));
  if (active) {
    blocks.push({
      type: "select",
      name: "duration",
      label: tr("silence_for"),
      options: ["1h", "4h", "24h"].map((v) => ({ label: tr(`silence_${v}`), value: v })),
      initial: "1h",
    });
    buttons.push(actionButton(tr("silence"), "alert.silence", { id: data.alertId }));
  }
  if (data.runbookUrl) buttons.push(linkButton(tr("runbook"), data.runbookUrl));
  buttons.push(linkButton(tr("details"), link));
  blocks.push({ type: "actions", buttons });

  return {
    locale,
    header: {
      title: data.title,
      subtitle: tr("subtitle", { severity, status: tr(`status_${data.status}`), source: data.source }),
      tone: toneOf(data),
    },
    blocks,
    summary: tr("summary", { severity, title: data.title }),
    link,
  };
}
