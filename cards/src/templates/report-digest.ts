/** A pushed report digest: headline metrics, an optional chart and table, and "run again for another period". */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import {
  actionButton,
  linkButton,
  type Block,
  type Card,
  type SelectOption,
  type TableColumn,
} from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { formatTime } from "./format.ts";

export type ReportMetric = { label: string; value: string; delta?: string; trend?: "up" | "down" | "flat" };

export type ReportDigestData = {
  reportId: string;
  name: string;
  /** the period covered, already readable (e.g. "2026-11-16 ~ 2026-11-22") */
  period: string;
  generatedAt: string;
  metrics: ReportMetric[];
  /** markdown written by the report's author */
  summary?: string;
  chartUrl?: string;
  table?: { columns: TableColumn[]; rows: Record<string, string>[] };
  /** periods the reader may re-run it for */
  periods?: SelectOption[];
  link?: string;
  timeZone?: string;
};

export const reportDigestText: Dict = {
  "zh-CN": {
    subtitle: "统计周期 ${period}",
    summary: "报表 ${name}（${period}）",
    generated: "生成于 ${at}",
    chart: "${name} 趋势图",
    period: "统计周期",
    period_placeholder: "选择周期",
    run: "重新生成",
    open: "打开报表",
    no_data: "本期没有数据",
    metric_delta: "${value}（${trend}${delta}）",
  },
  en: {
    subtitle: "Period ${period}",
    summary: "Report ${name} (${period})",
    generated: "Generated ${at}",
    chart: "${name} trend",
    period: "Period",
    period_placeholder: "Choose a period",
    run: "Run again",
    open: "Open report",
    no_data: "No data for this period",
    metric_delta: "${value} (${trend}${delta})",
  },
};

const TREND = { up: "↑", down: "↓", flat: "→" } as const;

export function reportDigestCard(data: ReportDigestData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(reportDigestText, locale);
  const link = data.link ?? `/reports/${encodeURIComponent(data.reportId)}`;
  const blocks: Block[] = [];
  if (data.metrics.length)
    blocks.push({
      type: "fields",
      fields: data.metrics.map((m) => ({
        label: m.label,
        value: m.delta ? tr("metric_delta", { value: m.value, trend: m.trend ? TREND[m.trend] : "", delta: m.delta }) : m.value,
      })),
    });
  else blocks.push({ type: "context", text: tr("no_data") });
  if (data.summary) blocks.push({ type: "markdown", text: data.summary });
  if (data.chartUrl) blocks.push({ type: "image", url: data.chartUrl, alt: tr("chart", data) });
  if (data.table && data.table.rows.length) blocks.push({ type: "table", ...data.table });
  blocks.push({ type: "context", text: tr("generated", { at: formatTime(data.generatedAt, data.timeZone) }) });
  if (data.periods?.length)
    blocks.push({
      type: "select",
      name: "period",
      label: tr("period"),
      placeholder: tr("period_placeholder"),
      options: data.periods,
      initial: data.periods[0]!.value,
    });
  blocks.push({
    type: "actions",
    buttons: [
      ...(data.periods?.length ? [actionButton(tr("run"), "report.run", { report_id: data.reportId }, { style: "primary" })] : []),
      linkButton(tr("open"), link),
    ],
  });

  return {
    locale,
    header: { title: data.name, subtitle: tr("subtitle", data), tone: "info" },
    blocks,
    summary: tr("summary", data),
    link,
  };
}
