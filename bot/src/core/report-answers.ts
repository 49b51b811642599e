/**
 * Reports in chat (issue 12 items 6 and 7): `report` (报表) lists the reports the caller may view, favourites first;
 * `report <name> [k=v…]` answers the report-digest card the subscriptions send, computed by the API as the caller
 * (their roles, row filters and masking; control values checked there, a 400 naming the field). The card's period
 * select and 重新生成 button run it again and update the card in place; an unknown name gets the closest names.
 */
import { actionButton, errorCard, linkButton, reportDigestCard, REPORT_PERIOD_FIELD, type Block, type Card, type CardAction, type ReportDigestData, type SelectOption } from "@ops/cards";
import { DATE_PRESETS, type Report } from "@ops/shared/contracts/reports.ts";
import { t, type Locale } from "@ops/shared";
import { ApiCallError } from "./api-client.ts";
import type { ActionAnswer, Answer, AnswerCtx } from "./answer.ts";
import { listReports, readDigest, readReport } from "./report-api.ts";

/** reports a `report` list shows */
const LIST_SHOWN = 10;
/** reports read to find the closest names to a misspelt one */
const CANDIDATES = 100;
const SUGGESTIONS = 3;
/** the presets offered when the API's digest names no periods of its own */
const OFFERED_PRESETS = ["last_7_days", "last_30_days", "this_month", "last_month", "this_quarter", "this_year"] as const;
/** opens a report as a new card (lists, suggestions, metric cards); `report.run` re-runs a digest in place */
export const REPORT_OPEN_ACTION = "report.open";

type Params = Record<string, string>;

const cut = (s: string, max: number) => (Array.from(s).length > max ? `${Array.from(s).slice(0, max - 1).join("")}…` : s);
const usage = (ctx: AnswerCtx, rest: string) => `${ctx.prefix} report ${rest}`.replace(/\s+/g, " ").trim();

/** A button that runs `report <name>` as whoever clicks it. */
export const openReportButton = (title: string, name: string) => actionButton(cut(title, 20), REPORT_OPEN_ACTION, { report: name });

/** `report`: what the caller may view, favourites first, each with a button that runs it. */
export async function reportListAnswer(ctx: AnswerCtx): Promise<Answer> {
  const l = ctx.locale;
  const [favourites, all] = await Promise.all([listReports(ctx, { favourites: true, pageSize: LIST_SHOWN }), listReports(ctx, { pageSize: LIST_SHOWN * 2 })]);
  const seen = new Set<string>();
  const shown = [...favourites.items.map((r) => ({ ...r, favourite: true })), ...all.items]
    .filter((r) => !seen.has(r.id) && seen.add(r.id)).slice(0, LIST_SHOWN);
  const title = t(l, "reports.chat.list_title");
  const blocks: Block[] = [];
  if (!shown.length) blocks.push({ type: "markdown", text: t(l, "reports.chat.no_reports") });
  else {
    const name = (r: Report) => (r.favourite ? t(l, "reports.chat.favourite", { title: r.title }) : r.title);
    blocks.push({ type: "markdown", text: shown.map((r) => `- **${name(r)}** · \`${r.name}\`${r.description ? ` — ${cut(r.description, 60)}` : ""}`).join("\n") });
    if (all.total > shown.length) blocks.push({ type: "context", text: t(l, "reports.chat.list_more", { shown: shown.length, total: all.total, usage: usage(ctx, "<name>") }) });
    blocks.push({ type: "actions", buttons: shown.map((r) => openReportButton(r.title, r.name)) });
  }
  blocks.push({ type: "actions", buttons: [linkButton(t(l, "reports.chat.open_center"), "/reports")] });
  const card: Card = { locale: l, header: { title, subtitle: t(l, "reports.chat.list_subtitle", { total: all.total }), tone: "info" }, blocks, summary: title, link: "/reports" };
  return { kind: "report-list", card };
}

/** `report <name> [k=v…]`: the digest card, or the closest names when there is no such report. */
export async function reportAnswer(ctx: AnswerCtx, name: string, params: Params): Promise<Answer> {
  let report: Report;
  try {
    report = await readReport(ctx, name);
  } catch (error) {
    if (!(error instanceof ApiCallError && error.status === 404)) throw error;
    const found = await closestReports(ctx, name);
    // a report named by its title (报表 城市销售): that one, when the title is unique
    const byTitle = found.filter((r) => r.title.toLowerCase() === name.toLowerCase());
    if (byTitle.length === 1) report = byTitle[0]!;
    else return notFoundAnswer(ctx, name, found);
  }
  return digestAnswer(ctx, report, params);
}

/** The digest as the API computed it for the caller, with the periods to re-run it for and the values it was made with. */
async function digestAnswer(ctx: AnswerCtx, report: Report, params: Params): Promise<Answer> {
  const { card } = await readDigest(ctx, report.id, params);
  // the API's periods, chosen one and control values when it sends them (pushed digests carry the same); else our own
  if (card.periods?.length) return { kind: "report-digest", card: reportDigestCard({ ...card, params: card.params ?? params }, ctx.locale) };
  const range = rangeControl(report);
  const periods = presetPeriods(range, ctx.locale);
  const chosen = range ? (params[range.name] ?? (typeof range.default === "string" ? range.default : undefined)) : undefined;
  const data: ReportDigestData = {
    ...card, params, periods,
    ...(chosen !== undefined && range ? { selectedPeriod: periods.find((p) => p.value === `${range.name}=${chosen}` || p.value === chosen)?.value } : {}),
  };
  return { kind: "report-digest", card: reportDigestCard(data, ctx.locale) };
}

/** The control a period choice sets: the report's date range (or date) control. */
const rangeControl = (report: Report) => report.controls.find((c) => c.type === "daterange") ?? report.controls.find((c) => c.type === "date");

function presetPeriods(range: Report["controls"][number] | undefined, locale: Locale): SelectOption[] {
  if (!range) return [];
  return OFFERED_PRESETS.filter((p) => (DATE_PRESETS as readonly string[]).includes(p)).map((p) => ({ label: t(locale, `reports.chat.preset.${p}`), value: `${range.name}=${p}` }));
}

/**
 * A period option's value is the control values it sets as a query string (`date=last_7_days`); a bare value
 * (a digest's own period words) sets the report's date range control.
 */
function periodParams(value: string, report: Report): Params {
  if (value.includes("=")) return Object.fromEntries(new URLSearchParams(value));
  const range = rangeControl(report);
  return { [range?.name ?? "period"]: value };
}

/** 重新生成 (with the period chosen in the select): the same report for the clicker, the card updated in place. */
export async function rerunReportAction(ctx: AnswerCtx, action: CardAction): Promise<ActionAnswer> {
  const report = await readReport(ctx, String(action.value.report_id ?? ""));
  const kept = Object.fromEntries(new URLSearchParams(String(action.value.params ?? "")));
  const period = action.inputs[REPORT_PERIOD_FIELD];
  const chosen = period ? periodParams(period, report) : {};
  // a range given as its two dates would win over the control's new preset: the choice replaces them
  const range = rangeControl(report);
  if (range?.params && chosen[range.name] !== undefined) for (const p of range.params) delete kept[p];
  const params = { ...kept, ...chosen };
  return { update: await digestAnswer(ctx, report, params), cards: [] };
}

/** A report button in a list, a suggestion or a metric card: the digest as a new card, the list stays. */
export async function openReportAction(ctx: AnswerCtx, action: CardAction): Promise<ActionAnswer> {
  return { update: null, cards: [await reportAnswer(ctx, String(action.value.report ?? ""), {})] };
}

/** A pushed digest's card (subscriptions through notify), read leniently; null when the data is not a digest. */
export function reportDigestCardOf(data: Record<string, unknown>, locale: Locale): Card | null {
  const d = (data.card && typeof data.card === "object" ? data.card : data) as Partial<ReportDigestData>;
  if (typeof d.reportId !== "string" || typeof d.name !== "string" || !Array.isArray(d.metrics)) return null;
  const sent = typeof data.createdAt === "string" ? data.createdAt : new Date().toISOString();
  return reportDigestCard({ period: "", generatedAt: sent, ...d } as ReportDigestData, locale);
}

// ---- an unknown name: the closest the caller may view ----

/** Edit distance over code points (names are short; a library for this one loop would be a new dependency). */
export function distance(a: string, b: string): number {
  const x = Array.from(a.toLowerCase());
  const y = Array.from(b.toLowerCase());
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[y.length]!;
}

/** How far a report is from what was typed: its name or title, a containing one counts as near. */
function farness(r: Report, typed: string): number {
  const q = typed.toLowerCase();
  const near = (s: string) => (s.toLowerCase().includes(q) || q.includes(s.toLowerCase()) ? 0.5 : distance(s, typed) / Math.max(1, Array.from(s).length, Array.from(typed).length));
  return Math.min(near(r.name), near(r.title));
}

/** The reports closest to `typed`, nearest first, those too far to be a slip left out. */
export async function closestReports(ctx: AnswerCtx, typed: string): Promise<Report[]> {
  const page = await listReports(ctx, { pageSize: CANDIDATES }).catch(() => ({ items: [] as Report[], total: 0 }));
  return page.items.map((r) => ({ r, d: farness(r, typed) })).filter((x) => x.d <= 0.6).sort((a, b) => a.d - b.d).map((x) => x.r);
}

function notFoundAnswer(ctx: AnswerCtx, name: string, found: Report[]): Answer {
  const l = ctx.locale;
  const card = errorCard({ code: "reports.chat.not_found", status: 404, params: { name: cut(name, 60) } }, l);
  const top = found.slice(0, SUGGESTIONS);
  if (top.length) {
    card.blocks.push({ type: "markdown", text: t(l, "reports.chat.suggest", { names: top.map((r) => (l === "en" ? `\`${r.name}\` (${r.title})` : `\`${r.name}\`（${r.title}）`)).join(l === "en" ? ", " : "、") }) });
    card.blocks.push({ type: "actions", buttons: top.map((r) => openReportButton(r.title, r.name)) });
  } else card.blocks.push({ type: "context", text: t(l, "reports.chat.no_suggestion", { usage: usage(ctx, "") }) });
  return { kind: "error", card };
}
