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

/** Which way is good news: Chinese markets colour a rise red and a fall green (the default); others the reverse. */
export type TrendColours = "red_up" | "green_up";

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
  /** the control values this digest was made with: "run again" keeps them (a period choice overrides its own) */
  params?: Record<string, string>;
  /** the value of the period option chosen now (default: the first) */
  selectedPeriod?: string;
  /** a signed xlsx download of the same data */
  xlsxUrl?: string;
  trendColours?: TrendColours;
};

/** The select a digest's period options travel in, and the re-run button's action. */
export const REPORT_PERIOD_FIELD = "period";
export const REPORT_RUN_ACTION = "report.run";
/** bytes of encoded control values a re-run button carries at most (DingTalk keeps 1,000 per button value) */
const PARAMS_MAX_BYTES = 600;

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
    metric_delta: "${value}（${delta}）",
    view_chart: "查看图表",
    xlsx: "下载 Excel",
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
    metric_delta: "${value} (${delta})",
    view_chart: "View chart",
    xlsx: "Download Excel",
  },
};

const ARROW = { up: "↑", down: "↓", flat: "→" } as const;
// Colour rides on an emoji: fields are plain text on every platform, and an emoji shows in Slack, Feishu and DingTalk alike.
const COLOUR = { red: "🔴", green: "🟢", flat: "⚪" } as const;

function trendMark(trend: ReportMetric["trend"], colours: TrendColours = "red_up"): string {
  if (!trend) return "";
  if (trend === "flat") return `${COLOUR.flat}${ARROW.flat}`;
  const good = (trend === "up") === (colours === "red_up") ? COLOUR.red : COLOUR.green;
  return `${good}${ARROW[trend]}`;
}

/** The control values as a query string, leaving out whatever would push the button value past its budget. */
export function encodeReportParams(params: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    q.set(k, v);
    if (new TextEncoder().encode(q.toString()).length > PARAMS_MAX_BYTES) q.delete(k);
  }
  return q.toString();
}

export function reportDigestCard(data: ReportDigestData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(reportDigestText, locale);
  const link = data.link ?? `/reports/${encodeURIComponent(data.reportId)}`;
  const blocks: Block[] = [];
  if (data.metrics.length)
    blocks.push({
      type: "fields",
      fields: data.metrics.map((m) => ({
        label: m.label,
        value: m.delta ? tr("metric_delta", { value: m.value, delta: `${trendMark(m.trend, data.trendColours)} ${m.delta}`.trim() }) : m.value,
      })),
    });
  // a table report has rows but no headline numbers: "no data" only when there is neither
  else if (!data.table?.rows.length) blocks.push({ type: "context", text: tr("no_data") });
  if (data.summary) blocks.push({ type: "markdown", text: data.summary });
  if (data.chartUrl) blocks.push({ type: "image", url: data.chartUrl, alt: tr("chart", data) });
  if (data.table && data.table.rows.length) blocks.push({ type: "table", ...data.table });
  blocks.push({ type: "context", text: tr("generated", { at: formatTime(data.generatedAt, data.timeZone) }) });
  if (data.periods?.length)
    blocks.push({
      type: "select",
      name: REPORT_PERIOD_FIELD,
      label: tr("period"),
      placeholder: tr("period_placeholder"),
      options: data.periods,
      initial: data.periods.some((p) => p.value === data.selectedPeriod) ? data.selectedPeriod! : data.periods[0]!.value,
    });
  const params = encodeReportParams(data.params);
  const rerun = { report_id: data.reportId, ...(params ? { params } : {}) };
  blocks.push({
    type: "actions",
    buttons: [
      ...(data.periods?.length ? [actionButton(tr("run"), REPORT_RUN_ACTION, rerun, { style: "primary" })] : []),
      linkButton(tr("open"), link),
      // the chart also as a link: Feishu shows an image only once it is uploaded, and links open it full size everywhere
      ...(data.chartUrl ? [linkButton(tr("view_chart"), data.chartUrl)] : []),
      ...(data.xlsxUrl ? [linkButton(tr("xlsx"), data.xlsxUrl)] : []),
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
