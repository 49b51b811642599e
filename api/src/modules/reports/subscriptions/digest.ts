import { PassThrough } from "node:stream";
import { pickLocale, t, type Actor, type Locale } from "@ops/shared";
import type { ReportDigestData, ReportMetric, SelectOption } from "@ops/cards";
import { DATE_PRESETS, type DatePreset, type Report, type ReportData, type ReportDataColumn } from "@ops/shared/contracts/reports.ts";
import { iso } from "../../../platform/clock.ts";
import { reportPng } from "../render/index.ts";
import { periodOf, watermarkOf, writeTable, type DeliveryDeps } from "../exports/index.ts";
import type { Images } from "./images.ts";
import { formatCell, formatNumber, numberOf } from "./number-format.ts";
import type { XlsxLinks } from "./xlsx-links.ts";

export const DIGEST_TABLE_ROWS = 10;

export type Digest = {
  report: Report; data: ReportData; card: ReportDigestData; png?: Uint8Array; xlsx?: Uint8Array;
  /** the blob of the chart image behind `card.chartUrl` (an e-mail attaches it inline) */
  imageKey?: string;
};

/** Headline numbers: the KPI with its period-over-period delta, else each measure's total over the chart's rows. */
function metricsOf(report: Report, data: ReportData, locale: Locale): ReportMetric[] {
  if (data.kpi) {
    const { value, delta_pct } = data.kpi;
    const measure = report.chart.series[0]?.column;
    const fmt = (measure ? report.format[measure] : undefined) ?? data.columns.find((c) => c.type === "number" && c.format)?.format;
    const trend = delta_pct === null ? undefined : delta_pct > 0 ? "up" : delta_pct < 0 ? "down" : "flat";
    return [{ label: report.title || report.name, value: value === null ? "—" : formatNumber(value, fmt, locale), ...(delta_pct !== null ? { delta: `${Math.abs(delta_pct).toFixed(1)}%`, trend } : {}) }];
  }
  if (report.chart.type === "table") return [];
  const named = new Set(report.chart.series.flatMap((s) => [s.column, s.label ?? ""]));
  const measures = data.columns.filter((c) => c.type === "number" && !c.masked && (named.has(c.name) || named.has(c.label)) && c.name !== report.chart.x);
  return measures.map((c) => ({ label: c.label || c.name, value: formatNumber(data.rows.reduce((sum, r) => sum + (numberOf(r[c.name]) ?? 0), 0), c.format, locale) }));
}

/** the presets a digest offers to re-run it for (the report's default first when it is another preset) */
const OFFERED_PRESETS: DatePreset[] = ["last_7_days", "last_30_days", "this_month", "last_month", "this_quarter", "this_year"];
const isPreset = (v: unknown): v is DatePreset => typeof v === "string" && (DATE_PRESETS as readonly string[]).includes(v);

/**
 * The period select of the card: the date range control's presets (option values as query strings, `period=last_7_days`,
 * what the bot's re-run reads) and, when the digest was made for explicit dates, those dates as the chosen option.
 */
export function periodsOf(report: Report, given: Record<string, string | string[]>, used: Record<string, string | string[]>, locale: Locale): { periods?: SelectOption[]; selectedPeriod?: string } {
  const range = report.controls.find((c) => c.type === "daterange" && c.params);
  if (!range) return {};
  const presets = isPreset(range.default) && !OFFERED_PRESETS.includes(range.default) ? [range.default, ...OFFERED_PRESETS] : OFFERED_PRESETS;
  const periods = presets.map((p) => ({ label: t(locale, `reports.chat.preset.${p}`), value: `${range.name}=${p}` }));
  const own = given[range.name];
  const explicit = range.params!.some((p) => given[p] !== undefined) || (typeof own === "string" && own !== "" && !isPreset(own));
  const [from, to] = range.params!.map((p) => used[p]);
  if (explicit && typeof from === "string" && typeof to === "string") {
    const value = `${range.name}=${from}..${to}`;
    return { periods: [{ label: `${from} ~ ${to}`, value }, ...periods], selectedPeriod: value };
  }
  const chosen = isPreset(own) ? own : isPreset(range.default) ? range.default : undefined;
  return { periods, ...(chosen ? { selectedPeriod: `${range.name}=${chosen}` } : {}) };
}

function tableOf(columns: ReportDataColumn[], rows: Array<Record<string, unknown>>, locale: Locale): ReportDigestData["table"] {
  const shown = columns.slice(0, 6);
  return {
    columns: shown.map((c) => ({ key: c.name, label: c.label || c.name, ...(c.type === "number" ? { align: "right" as const } : {}) })),
    rows: rows.slice(0, DIGEST_TABLE_ROWS).map((r) => Object.fromEntries(shown.map((c) => [c.name, formatCell(r[c.name], c.format, locale, c.type === "number" && !c.masked)]))),
  };
}

/** Control values as the card's re-run button carries them (lists comma-separated, as the controls read them). */
const flat = (params: Record<string, string | string[]>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));

/** The rows of the report as the viewer into an in-memory xlsx (a digest's attachment). */
async function xlsxOf(deps: DeliveryDeps, actor: Actor, report: Report, params: Record<string, string | string[]>): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on("end", resolve));
  await writeTable("xlsx", out, (onBatch) => deps.reader.stream(actor, report.id, params, onBatch), {
    watermark: watermarkOf(actor, deps.clock.now()), sheetName: report.title || report.name,
  });
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A report's digest AS `actor`: their rows (row filters and masking come from the reader), the card the bot and IM
 * deliveries show (KPIs, first rows, a signed chart image URL, the link into the PWA), and optionally the PNG and an
 * xlsx of all their rows. The bot's `/ops report <name>` answers with the same card (GET /reports/{id}/digest).
 */
export function createDigests(deps: DeliveryDeps, images: Images, xlsxLinks: XlsxLinks) {
  return async function digestOf(
    actor: Actor, reportIdOrName: string, params: Record<string, string | string[]>,
    o: { chart?: boolean; xlsx?: boolean; xlsxLink?: boolean } = {},
  ): Promise<Digest> {
    const report = await deps.reader.get(actor, reportIdOrName);
    const data = await deps.reader.data(actor, report.id, params, { page: 1, pageSize: report.chart.type === "table" ? DIGEST_TABLE_ROWS : 200 });
    const used = data.params ?? params;
    const at = deps.clock.now();
    const locale = pickLocale(actor.locale);
    const period = periodOf(report, used, locale) || iso(at).slice(0, 10);
    // the link opens the PWA with the controls as given (a preset stays a preset)
    const query = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
    const base = deps.publicUrl ? deps.publicUrl.replace(/\/$/, "") : "";
    const card: ReportDigestData = {
      reportId: report.id, name: report.title || report.name, period, generatedAt: iso(at), metrics: metricsOf(report, data, locale),
      ...(report.description ? { summary: report.description } : {}),
      table: tableOf(data.columns, data.rows, locale),
      ...periodsOf(report, params, used, locale),
      params: flat(params),
      link: `${base}/reports/${encodeURIComponent(report.id)}${query ? `?${query}` : ""}`,
      timeZone: "Asia/Shanghai",
    };
    const digest: Digest = { report, data, card };
    if (o.chart !== false && report.chart.type !== "table") {
      digest.png = await reportPng(report, data, { title: card.name, subtitle: period, watermark: watermarkOf(actor, at) });
      if (actor.kind === "user") {
        const image = await images.publish(digest.png, { reportId: report.id, userId: actor.userId });
        card.chartUrl = image.url;
        digest.imageKey = image.key;
      }
    }
    // the link's grant pins the dates the digest used (a preset would mean other days by the time it is opened)
    if (o.xlsxLink) {
      const url = xlsxLinks.linkFor(actor, report.id, used);
      if (url) card.xlsxUrl = url;
    }
    if (o.xlsx) digest.xlsx = await xlsxOf(deps, actor, report, used);
    return digest;
  };
}

export type DigestOf = ReturnType<typeof createDigests>;
