/**
 * `metric <query>` (指标): the metric dictionary searched as the caller (issue 12 item 7). One match is shown whole:
 * 计算口径, unit, owner, refresh and the reports built on it, each a button that runs it; several are listed.
 */
import { linkButton, type Block, type Card } from "@ops/cards";
import type { Metric, Report } from "@ops/shared/contracts/reports.ts";
import { t } from "@ops/shared";
import type { Answer, AnswerCtx } from "./answer.ts";
import { readReport, searchMetrics } from "./report-api.ts";
import { openReportButton } from "./report-answers.ts";

/** metrics a search lists */
const LIST_SHOWN = 10;
/** linked reports shown as buttons */
const REPORTS_SHOWN = 5;
/** characters of a definition on the card (the dictionary page has it whole) */
const DEFINITION_SHOWN = 1500;

const cut = (s: string, max: number) => (Array.from(s).length > max ? `${Array.from(s).slice(0, max - 1).join("")}…` : s);
const DICTIONARY = "/reports/metrics";
const metricPath = (m: Metric) => `${DICTIONARY}?q=${encodeURIComponent(m.name)}`;

export async function metricAnswer(ctx: AnswerCtx, query: string): Promise<Answer> {
  const page = await searchMetrics(ctx, query, LIST_SHOWN);
  // one whose name or title is exactly what was asked wins over looser matches (成交额 among 成交额 and 成交额占比)
  const exact = page.items.filter((m) => m.name.toLowerCase() === query.toLowerCase() || m.title === query);
  if (exact.length === 1) return metricCardAnswer(ctx, exact[0]!);
  if (page.items.length === 1) return metricCardAnswer(ctx, page.items[0]!);
  return metricListAnswer(ctx, query, page.items, page.total);
}

/**
 * The reports on this metric: the API lists only those the caller may view; one deleted or re-roled since is left out
 * (read as the caller).
 */
async function linkedReports(ctx: AnswerCtx, m: Metric): Promise<Report[]> {
  const read = await Promise.all(m.report_ids.slice(0, REPORTS_SHOWN * 2).map((id) => readReport(ctx, id).catch(() => null)));
  return read.filter((r): r is Report => r !== null).slice(0, REPORTS_SHOWN);
}

async function metricCardAnswer(ctx: AnswerCtx, m: Metric): Promise<Answer> {
  const l = ctx.locale;
  // the API names the owner (display name only) to any reports:view caller: no user lookup, which needs iam:user:list
  const owner = m.owner_name || "—";
  const reports = await linkedReports(ctx, m);
  const fields = [
    { label: t(l, "metrics.chat.unit"), value: m.unit || "—" },
    { label: t(l, "metrics.chat.owner"), value: owner },
    { label: t(l, "metrics.chat.refresh"), value: m.refresh || "—" },
    ...(m.tags.length ? [{ label: t(l, "metrics.chat.tags"), value: m.tags.join(", ") }] : []),
  ];
  const blocks: Block[] = [
    { type: "markdown", text: `**${t(l, "metrics.chat.definition")}**\n${cut(m.definition || "—", DEFINITION_SHOWN)}` },
    { type: "fields", fields },
  ];
  if (reports.length) {
    blocks.push({ type: "context", text: `${t(l, "metrics.chat.reports")}: ${reports.map((r) => r.title).join(" · ")}` });
    blocks.push({ type: "actions", buttons: reports.map((r) => openReportButton(r.title, r.name)) });
  } else blocks.push({ type: "context", text: t(l, "metrics.chat.no_reports") });
  blocks.push({ type: "actions", buttons: [linkButton(t(l, "metrics.chat.open_dictionary"), metricPath(m))] });
  const title = m.title && m.title !== m.name ? (l === "en" ? `${m.title} (${m.name})` : `${m.title}（${m.name}）`) : m.name;
  const card: Card = { locale: l, header: { title, tone: "info" }, blocks, summary: title, link: metricPath(m) };
  return { kind: "metric", card };
}

function metricListAnswer(ctx: AnswerCtx, query: string, items: Metric[], total: number): Answer {
  const l = ctx.locale;
  const q = cut(query, 40);
  if (!items.length) {
    const title = t(l, "metrics.chat.not_found", { query: q });
    const blocks: Block[] = [{ type: "actions", buttons: [linkButton(t(l, "metrics.chat.open_dictionary"), DICTIONARY)] }];
    return { kind: "metric-list", card: { locale: l, header: { title, tone: "warning" }, blocks, summary: title, link: DICTIONARY } };
  }
  const title = t(l, "metrics.chat.list_title", { query: q });
  const columns = ["name", "title", "unit"].map((key) => ({ key, label: t(l, `metrics.chat.col_${key}`) }));
  const rows = items.map((m) => ({ name: m.name, title: cut(m.title, 40), unit: m.unit || "—" }));
  const blocks: Block[] = [
    { type: "table", columns, rows },
    { type: "context", text: t(l, "chat.usage_line", { usage: `\`${`${ctx.prefix} metric <${t(l, "metrics.chat.col_name")}>`.trim()}\`` }) },
    { type: "actions", buttons: [linkButton(t(l, "metrics.chat.open_dictionary"), `${DICTIONARY}?q=${encodeURIComponent(query)}`)] },
  ];
  const card: Card = { locale: l, header: { title, subtitle: t(l, "metrics.chat.list_subtitle", { total }), tone: "info" }, blocks, summary: title, link: DICTIONARY };
  return { kind: "metric-list", card };
}
