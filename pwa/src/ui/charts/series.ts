import type { ChartSpec, ReportData } from "@ops/shared/contracts/reports.ts";

/** A chart's data in one shape for both libraries: categories along x, one list of numbers per series. */
export type ChartSeriesData = { name: string; column: string; values: Array<number | null> };
export type ChartFrame = { categories: string[]; series: ChartSeriesData[] };

const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === "") return null;
  const n = Number(v);
  return Number.isNaN(n) ? null : n;
};

/** The measure columns of an answer: the chart's series that came back, else every numeric column besides x and y. */
export function measureColumns(data: ReportData, chart: ChartSpec): Array<{ name: string; label: string }> {
  const named = data.columns.filter((c) => chart.series.some((s) => s.column === c.name) || chart.series.some((s) => s.label === c.label && c.name !== chart.x));
  const pool = named.length ? named : data.columns.filter((c) => c.name !== chart.x && c.name !== chart.y && c.type === "number");
  return pool.map((c) => ({ name: c.name, label: c.label || c.name }));
}

/**
 * Rows (one per x, or one per x and y when the chart splits by `y`) turned into categories and series.
 * With a split, each y value becomes a series of the first measure.
 */
export function frameOf(data: ReportData, chart: ChartSpec): ChartFrame {
  const x = chart.x ?? data.columns[0]?.name ?? "";
  const measures = measureColumns(data, chart);
  const categories: string[] = [];
  const index = new Map<string, number>();
  for (const row of data.rows) {
    const key = String(row[x] ?? "");
    if (!index.has(key)) {
      index.set(key, categories.length);
      categories.push(key);
    }
  }
  if (chart.y && chart.type !== "heatmap" && measures[0]) {
    const m = measures[0].name;
    const bySplit = new Map<string, Array<number | null>>();
    for (const row of data.rows) {
      const split = String(row[chart.y] ?? "");
      if (!bySplit.has(split)) bySplit.set(split, categories.map(() => null));
      bySplit.get(split)![index.get(String(row[x] ?? ""))!] = num(row[m]);
    }
    return { categories, series: [...bySplit].map(([name, values]) => ({ name, column: m, values })) };
  }
  const series = measures.map((m) => {
    const values: Array<number | null> = categories.map(() => null);
    for (const row of data.rows) values[index.get(String(row[x] ?? ""))!] = num(row[m.name]);
    return { name: m.label, column: m.name, values };
  });
  return { categories, series };
}

export const PALETTE = ["#1d4ed8", "#0d9488", "#f59e0b", "#dc2626", "#7c3aed", "#db2777", "#65a30d", "#0891b2"];
