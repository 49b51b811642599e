import type { Report, ReportData, ReportDataColumn } from "@ops/shared/contracts/reports.ts";
import { chartFontFamily } from "./fonts.ts";

export type ImageText = { title: string; subtitle?: string; watermark: string };

/** Rows of a table image (and of the digest's table): the first ones only. */
export const IMAGE_TABLE_ROWS = 12;

const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
};

/** The data's column a series or dimension names (by name, else by label). */
function columnOf(data: ReportData, name: string | undefined): ReportDataColumn | undefined {
  if (!name) return undefined;
  return data.columns.find((c) => c.name === name) ?? data.columns.find((c) => c.label === name);
}

/** Measures drawn: the chart's series that the data has, else every numeric column but the dimension. */
function measuresOf(report: Report, data: ReportData, x: string | undefined): ReportDataColumn[] {
  const named = report.chart.series.map((s) => columnOf(data, s.label) ?? columnOf(data, s.column)).filter((c): c is ReportDataColumn => Boolean(c));
  if (named.length) return [...new Map(named.map((c) => [c.name, c])).values()];
  return data.columns.filter((c) => c.type === "number" && c.name !== x);
}

/** Title, watermark text along the bottom and faint diagonal copies across the picture. */
function decorations(text: ImageText, width: number, height: number) {
  const marks = [];
  // a few faint copies: every text node costs resvg a glyph lookup in the large CJK collection
  for (let y = 160; y < height; y += 220) {
    for (let x = 60; x < width; x += 440) {
      marks.push({ type: "text", x, y, rotation: Math.PI / 12, silent: true, z: 100, style: { text: text.watermark, fill: "rgba(0,0,0,0.08)", font: `14px '${chartFontFamily()}'` } });
    }
  }
  return {
    title: { text: text.title, subtext: text.subtitle ?? "", left: 16, top: 10, textStyle: { fontFamily: chartFontFamily(), fontSize: 18 } },
    graphic: [
      ...marks,
      { type: "text", right: 16, bottom: 8, z: 100, style: { text: text.watermark, fill: "#888", font: `12px '${chartFontFamily()}'` } },
    ],
  };
}

/** A table drawn with echarts' graphic texts: the header and the first rows. */
function tableGraphics(data: ReportData, width: number) {
  const cols = data.columns.slice(0, 8);
  const colWidth = Math.floor((width - 32) / Math.max(1, cols.length));
  const cell = (text: string, col: number, row: number, bold = false) => ({
    type: "text", left: 16 + col * colWidth, top: 80 + row * 28,
    style: { text: text.length > 18 ? `${text.slice(0, 17)}…` : text, fill: bold ? "#222" : "#444", font: `${bold ? "bold " : ""}13px '${chartFontFamily()}'` },
  });
  const out = cols.map((c, i) => cell(c.label || c.name, i, 0, true));
  data.rows.slice(0, IMAGE_TABLE_ROWS).forEach((r, ri) => cols.forEach((c, ci) => out.push(cell(r[c.name] === null || r[c.name] === undefined ? "" : String(r[c.name]), ci, ri + 1))));
  return out;
}

/**
 * The echarts option of a report's picture: its chart over the data (line/bar/area by category, pie/funnel slices,
 * gauge, a KPI's number with its delta), or its first rows for tables and heatmaps; always with the watermark.
 */
export function chartOption(report: Report, data: ReportData, text: ImageText, size: { width: number; height: number }): Record<string, unknown> {
  const deco = decorations(text, size.width, size.height);
  const base = { animation: false, backgroundColor: "#ffffff", textStyle: { fontFamily: chartFontFamily() }, ...deco };
  const type = report.chart.type;
  const xCol = columnOf(data, report.chart.x) ?? data.columns.find((c) => c.type !== "number");
  const measures = measuresOf(report, data, xCol?.name);
  const categories = data.rows.map((r) => String(r[xCol?.name ?? ""] ?? ""));
  if ((type === "line" || type === "bar" || type === "area") && measures.length) {
    return {
      ...base,
      legend: { top: 40, right: 16, textStyle: { fontFamily: chartFontFamily() } },
      grid: { left: 64, right: 24, top: 80, bottom: 48 },
      xAxis: { type: "category", data: categories },
      yAxis: { type: "value" },
      series: measures.map((m) => ({
        name: m.label || m.name, type: type === "bar" ? "bar" : "line", data: data.rows.map((r) => num(r[m.name])),
        ...(type === "area" ? { areaStyle: {} } : {}), ...(report.chart.stack ? { stack: "total" } : {}),
      })),
    };
  }
  if ((type === "pie" || type === "funnel") && measures.length) {
    const m = measures[0]!;
    return {
      ...base,
      legend: { bottom: 28, textStyle: { fontFamily: chartFontFamily() } },
      series: [{ type, top: 80, bottom: 60, ...(type === "pie" ? { radius: ["0%", "60%"] } : {}), data: data.rows.map((r, i) => ({ name: categories[i], value: num(r[m.name]) })) }],
    };
  }
  if (type === "gauge" && measures.length) {
    const value = num(data.rows[0]?.[measures[0]!.name]);
    return { ...base, series: [{ type: "gauge", top: 60, min: report.chart.gauge?.min ?? 0, max: report.chart.gauge?.max ?? 100, data: [{ value, name: measures[0]!.label }] }] };
  }
  if (type === "kpi") {
    const k = data.kpi;
    const value = k?.value ?? num(data.rows[0]?.[measures[0]?.name ?? ""]);
    const delta = k?.delta_pct === null || k?.delta_pct === undefined ? "" : `${k.delta_pct >= 0 ? "↑" : "↓"} ${Math.abs(k.delta_pct).toFixed(1)}%`;
    return {
      ...base,
      graphic: [
        ...deco.graphic,
        { type: "text", left: "center", top: size.height / 2 - 50, style: { text: value === null ? "—" : value.toLocaleString("en-US"), fill: "#222", font: `bold 56px '${chartFontFamily()}'` } },
        { type: "text", left: "center", top: size.height / 2 + 20, style: { text: delta, fill: k?.delta_pct && k.delta_pct < 0 ? "#1a9e47" : "#d93026", font: `20px '${chartFontFamily()}'` } },
      ],
    };
  }
  return { ...base, graphic: [...deco.graphic, ...tableGraphics(data, size.width)] };
}
