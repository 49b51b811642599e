import type { Actor } from "@ops/shared";
import type { Dataset, ReportData, ReportDataColumn } from "@ops/shared/contracts/reports.ts";
import { iso, type Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { DatasetLookup, DatasetRunner, QueryShape, ReportReader } from "../ports.ts";
import { requireView } from "./access.ts";
import type { ResultCache } from "./cache.ts";
import { kpiRanges, minuteIn, todayIn } from "./dates.ts";
import type { Options } from "./options.ts";
import { normalizedParams, resolveParams, type Params, type RawParams } from "./params.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, chartShape, measuresOf, parseSort, tableColumns } from "./shape.ts";
import { loadReport, type ReportDef } from "./store.ts";

export type ReaderDeps = { db: Db; clock: Clock; datasets: DatasetLookup; runner: DatasetRunner; options: Options; cache: ResultCache<ReportData>; timeZone: string };

const num = (v: unknown): number | null => (v === null || v === undefined || v === "" || Number.isNaN(Number(v)) ? null : Number(v));

function watermark(actor: Actor, timeZone: string, now: Date): string {
  const who = actor.kind === "user" ? `${actor.displayName} ${actor.username}` : `system ${actor.reason}`;
  return `${who} ${minuteIn(timeZone, now)}`;
}

/** The answer's columns: the runner's, with the author's labels (series), formats and the drill mark. */
function decorate(report: ReportDef, columns: ReportDataColumn[]): ReportDataColumn[] {
  const measures = measuresOf(report.chart);
  return columns.map((c) => {
    const i = measures.findIndex((m) => m.as === c.name);
    const label = i >= 0 ? report.chart.series[i]!.label : undefined;
    const format = report.format[c.name] ?? (i >= 0 ? report.format[measures[i]!.column] : undefined);
    return { ...c, ...(label ? { label } : {}), ...(format ? { format } : {}), ...(report.drill?.column === c.name ? { drill: true } : {}) };
  });
}

/** ReportReader: a report's data as a viewer; exports, subscriptions, the bot and the PWA read through it. */
export type Reader = ReportReader & {
  prepare(actor: Actor, idOrName: string, raw: RawParams): Promise<{ report: ReportDef; dataset: Dataset; params: Params }>;
};

export function createReader(deps: ReaderDeps): Reader {
  const { db, clock, datasets, runner } = deps;

  /** The report, its dataset and its parameters as this viewer asked (values checked against the options they may see). */
  async function prepare(actor: Actor, idOrName: string, raw: RawParams) {
    const report = await requireView(db, actor, idOrName);
    const dataset = await datasets.get(report.dataset_id);
    const params = resolveParams(report, dataset, raw, todayIn(deps.timeZone, clock.now()));
    return { report, dataset, params };
  }

  async function kpi(actor: Actor, report: ReportDef, dataset: Dataset, params: Params, shape: QueryShape) {
    const spec = report.chart.kpi!;
    if (shape.kind !== "aggregate") throw new Error("a KPI aggregates");
    const { current, previous } = kpiRanges(spec.period, spec.compare, todayIn(deps.timeZone, clock.now()));
    const over = async (range: [string, string]) => runner.run(actor, dataset, params, {
      ...shape, where: [...(shape.where ?? []), { column: spec.date_column, op: "gte", value: range[0] }, { column: spec.date_column, op: "lt", value: range[1] }],
    }, { ref: { id: report.id, name: report.name } });
    const [now, before] = await Promise.all([over(current), over(previous)]);
    const measure = shape.measures[0]!.as;
    const value = num(now.rows[0]?.[measure]);
    const prev = num(before.rows[0]?.[measure]);
    const delta = value !== null && prev !== null && prev !== 0 ? Math.round(((value - prev) / Math.abs(prev)) * 10_000) / 100 : null;
    return { result: now, kpi: { value, previous: prev, delta_pct: delta } };
  }

  async function drillOf(report: ReportDef): Promise<ReportData["drill"]> {
    if (!report.drill) return null;
    const target = await loadReport(db, report.drill.report_id);
    return target ? { column: report.drill.column, report_id: target.id, report_name: target.name, params: report.drill.params } : null;
  }

  const reader = {
    prepare,
    get: (actor: Actor, idOrName: string) => requireView(db, actor, idOrName).then(async (r) => ({
      ...r, favourite: actor.kind === "user" ? !!(await db.get("SELECT report_id FROM report_favourites WHERE user_id = ? AND report_id = ?", [actor.userId, r.id])) : false,
    })),

    async data(actor: Actor, idOrName: string, raw: RawParams, opts: { page?: number; pageSize?: number; sort?: string; noCache?: boolean } = {}): Promise<ReportData> {
      const started = performance.now();
      const { report, dataset, params } = await prepare(actor, idOrName, raw);
      const isTable = report.chart.type === "table";
      const page = isTable ? Math.max(1, Math.trunc(opts.page ?? 1)) : 1;
      const pageSize = isTable ? Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(opts.pageSize ?? report.chart.page_size ?? DEFAULT_PAGE_SIZE))) : 0;
      const sort = parseSort(opts.sort, dataset);
      const scope = await runner.scopeOf(actor, dataset);
      // an edit of the report or of its dataset makes a new key: their old answers are never served
      const key = [report.id, report.updated_at, dataset.updated_at, normalizedParams(params), page, pageSize, opts.sort ?? "", scope.key].join("\u0001");
      const now = clock.now();
      if (report.cache_ttl_s > 0 && !opts.noCache) {
        const hit = deps.cache.get(key);
        if (hit) return { ...hit, cached: true, ms: Math.round(performance.now() - started), watermark: watermark(actor, deps.timeZone, now) };
      }
      await deps.options.checkValues(actor, report, raw, params);
      const shape = chartShape(report.chart, dataset, { page, pageSize, sort });
      const { result, kpi: kpiValue } = report.chart.type === "kpi" && report.chart.kpi
        ? await kpi(actor, report, dataset, params, shape)
        : { result: await runner.run(actor, dataset, params, shape, { ref: { id: report.id, name: report.name } }), kpi: undefined };
      const data: ReportData = {
        columns: decorate(report, result.columns_out),
        rows: result.rows,
        ...(isTable ? { total: result.total ?? result.rows.length, page, page_size: pageSize } : {}),
        truncated: result.truncated,
        ...(kpiValue ? { kpi: kpiValue } : report.chart.type === "kpi" ? { kpi: { value: num(result.rows[0]?.[shape.kind === "aggregate" ? shape.measures[0]!.as : ""]), previous: null, delta_pct: null } } : {}),
        params,
        cached: false,
        ms: Math.round(performance.now() - started),
        generated_at: iso(now),
        watermark: watermark(actor, deps.timeZone, now),
        drill: await drillOf(report),
      };
      if (report.cache_ttl_s > 0) deps.cache.set(key, report.id, data, report.cache_ttl_s * 1000);
      return data;
    },

    async stream(actor: Actor, idOrName: string, raw: RawParams, onBatch: (rows: Array<Record<string, unknown>>, columns: ReportDataColumn[]) => Promise<void>, options: { signal?: AbortSignal } = {}) {
      const { report, dataset, params } = await prepare(actor, idOrName, raw);
      await deps.options.checkValues(actor, report, raw, params);
      const names = tableColumns(report.chart, dataset);
      let columns: ReportDataColumn[] = decorate(report, names.map((name) => {
        const c = dataset.columns.find((d) => d.name === name)!;
        return { name, label: c.label ?? name, type: c.type, ...(c.mask ? { masked: true } : {}) };
      }));
      const { rows } = await runner.stream(actor, dataset, params, { kind: "rows", columns: names }, async (batch, cols) => {
        columns = decorate(report, cols);
        await onBatch(batch, columns);
      }, { ...options, ref: { id: report.id, name: report.name } });
      return { rows, columns };
    },
  };
  return reader;
}
