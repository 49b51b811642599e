import type { ChartSeries, ChartSpec, Dataset } from "@ops/shared/contracts/reports.ts";
import type { QueryShape } from "../ports.ts";
import { invalid } from "../reports.errors.ts";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

type Sort = Array<{ column: string; dir: "asc" | "desc" }>;

/** `col:asc,other:desc` (or `-col`) over the dataset's columns only: anything else is 400 at `sort`. */
export function parseSort(sort: string | undefined, dataset: Dataset): Sort {
  if (!sort) return [];
  const columns = new Set(dataset.columns.map((c) => c.name));
  return sort.split(",").map((part) => part.trim()).filter(Boolean).map((part) => {
    const m = /^(-)?([^:]+?)(?::(asc|desc))?$/i.exec(part);
    const column = m?.[2];
    if (!m || !column || !columns.has(column)) throw invalid([{ field: "sort", message: "reports.def.bad_sort", params: { sort: part.slice(0, 100) } }]);
    return { column, dir: m[1] ? "desc" : ((m[3]?.toLowerCase() ?? "asc") as "asc" | "desc") };
  });
}

/** A measure's output name: the series column, or column_agg when two series share a column. */
export function measureName(series: ChartSeries[], i: number): string {
  const s = series[i]!;
  return series.filter((o) => o.column === s.column).length > 1 ? `${s.column}_${s.agg}` : s.column;
}

export function measuresOf(chart: ChartSpec) {
  return chart.series.map((s, i) => ({ column: s.column, agg: s.agg, as: measureName(chart.series, i) }));
}

/** The table view's columns: the chart's chosen columns, else every dataset column. */
export function tableColumns(chart: ChartSpec, dataset: Dataset): string[] {
  return chart.type === "table" && chart.series.length ? chart.series.map((s) => s.column) : dataset.columns.map((c) => c.name);
}

/**
 * The chart as a query shape: a table is rows with paging, sort and a total; series charts aggregate their measures over
 * x (and y), sorted by x; gauge and KPI aggregate without dimensions (KPI periods add their own date range).
 */
export function chartShape(chart: ChartSpec, dataset: Dataset, view: { page: number; pageSize: number; sort: Sort }): QueryShape {
  if (chart.type === "table") {
    return { kind: "rows", columns: tableColumns(chart, dataset), sort: view.sort, offset: (view.page - 1) * view.pageSize, limit: view.pageSize, count: true };
  }
  const dimensions = [chart.x, chart.y].filter((d): d is string => !!d && (chart.type !== "gauge" && chart.type !== "kpi"));
  const measures = measuresOf(chart);
  // a sort names a dimension or a measure's output (top cities by amount); the x order otherwise
  const sortable = new Set([...dimensions, ...measures.map((m) => m.as)]);
  const sort: Sort = view.sort.filter((s) => sortable.has(s.column));
  return { kind: "aggregate", dimensions: [...new Set(dimensions)], measures, sort: sort.length ? sort : dimensions.map((column) => ({ column, dir: "asc" as const })) };
}
