import { PassThrough } from "node:stream";
import type { Actor } from "@ops/shared";
import type { ReportDigestData, ReportMetric } from "@ops/cards";
import type { Report, ReportData, ReportDataColumn } from "@ops/shared/contracts/reports.ts";
import { iso } from "../../../platform/clock.ts";
import { reportPng } from "../render/index.ts";
import { paramsText, watermarkOf, writeTable, type DeliveryDeps } from "../exports/index.ts";
import type { Images } from "./images.ts";

export const DIGEST_TABLE_ROWS = 10;

export type Digest = {
  report: Report; data: ReportData; card: ReportDigestData; png?: Uint8Array; xlsx?: Uint8Array;
  /** the blob of the chart image behind `card.chartUrl` (an e-mail attaches it inline) */
  imageKey?: string;
};

const numberOf = (v: unknown): number | null => {
  const x = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(x) ? x : null;
};
const show = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 2 });
const text = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Headline numbers: the KPI with its period-over-period delta, else each measure's total over the chart's rows. */
function metricsOf(report: Report, data: ReportData): ReportMetric[] {
  if (data.kpi) {
    const { value, delta_pct } = data.kpi;
    const trend = delta_pct === null ? undefined : delta_pct > 0 ? "up" : delta_pct < 0 ? "down" : "flat";
    return [{ label: report.title || report.name, value: value === null ? "—" : show(value), ...(delta_pct !== null ? { delta: `${Math.abs(delta_pct).toFixed(1)}%`, trend } : {}) }];
  }
  if (report.chart.type === "table") return [];
  const named = new Set(report.chart.series.flatMap((s) => [s.column, s.label ?? ""]));
  const measures = data.columns.filter((c) => c.type === "number" && !c.masked && (named.has(c.name) || named.has(c.label)) && c.name !== report.chart.x);
  return measures.map((c) => ({ label: c.label || c.name, value: show(data.rows.reduce((sum, r) => sum + (numberOf(r[c.name]) ?? 0), 0)) }));
}

/** "2026-11-29 ~ 2026-12-05 · region=华东": a date range first, the other values after it. */
function periodOf(used: Record<string, string | string[]>): string {
  const { from, to, ...rest } = used;
  const range = typeof from === "string" && typeof to === "string" ? `${from} ~ ${to}` : "";
  const others = paramsText(range ? rest : used);
  return [range, others].filter(Boolean).join(" · ");
}

function tableOf(columns: ReportDataColumn[], rows: Array<Record<string, unknown>>): ReportDigestData["table"] {
  const shown = columns.slice(0, 6);
  return {
    columns: shown.map((c) => ({ key: c.name, label: c.label || c.name, ...(c.type === "number" ? { align: "right" as const } : {}) })),
    rows: rows.slice(0, DIGEST_TABLE_ROWS).map((r) => Object.fromEntries(shown.map((c) => {
      const n = c.type === "number" && !c.masked ? numberOf(r[c.name]) : null;
      return [c.name, n === null ? text(r[c.name]) : show(n)];
    }))),
  };
}

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
export function createDigests(deps: DeliveryDeps, images: Images) {
  return async function digestOf(
    actor: Actor, reportIdOrName: string, params: Record<string, string | string[]>, o: { chart?: boolean; xlsx?: boolean } = {},
  ): Promise<Digest> {
    const report = await deps.reader.get(actor, reportIdOrName);
    const data = await deps.reader.data(actor, report.id, params, { page: 1, pageSize: report.chart.type === "table" ? DIGEST_TABLE_ROWS : 200 });
    const used = data.params ?? params;
    const at = deps.clock.now();
    const period = periodOf(used) || iso(at).slice(0, 10);
    // the link opens the PWA with the controls as given (a preset stays a preset)
    const query = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
    const base = deps.publicUrl ? deps.publicUrl.replace(/\/$/, "") : "";
    const card: ReportDigestData = {
      reportId: report.id, name: report.title || report.name, period, generatedAt: iso(at), metrics: metricsOf(report, data),
      ...(report.description ? { summary: report.description } : {}),
      table: tableOf(data.columns, data.rows),
      link: `${base}/reports/${encodeURIComponent(report.id)}${query ? `?${query}` : ""}`,
      timeZone: "Asia/Shanghai",
    };
    const digest: Digest = { report, data, card };
    if (o.chart !== false && report.chart.type !== "table") {
      digest.png = reportPng(report, data, { title: card.name, subtitle: period, watermark: watermarkOf(actor, at) });
      if (actor.kind === "user") {
        const image = await images.publish(digest.png, { reportId: report.id, userId: actor.userId });
        card.chartUrl = image.url;
        digest.imageKey = image.key;
      }
    }
    if (o.xlsx) digest.xlsx = await xlsxOf(deps, actor, report, used);
    return digest;
  };
}

export type DigestOf = ReturnType<typeof createDigests>;
