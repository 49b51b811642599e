import type { ChartSeries, ColumnFormat, ControlType, Dataset, DrillThrough, Report, ReportControl, ReportInput } from "../../data/reports.ts";

/** The designer's draft: a report input with editable lists, turned back into ReportInput for the API. */
export type DesignerDraft = {
  name: string;
  title: string;
  description: string;
  dataset_id: string;
  chart: ReportInput["chart"];
  controls: ReportControl[];
  format: Record<string, ColumnFormat>;
  drill: DrillThrough | null;
  cache_ttl_s: number;
};

export const STEPS = ["dataset", "chart", "controls", "format", "preview"] as const;
export type Step = (typeof STEPS)[number];

export function emptyDraft(): DesignerDraft {
  return { name: "", title: "", description: "", dataset_id: "", chart: { type: "bar", series: [] }, controls: [], format: {}, drill: null, cache_ttl_s: 0 };
}

export function draftOf(r: Report): DesignerDraft {
  return { name: r.name, title: r.title, description: r.description, dataset_id: r.dataset_id, chart: structuredClone(r.chart), controls: structuredClone(r.controls), format: structuredClone(r.format), drill: r.drill ? structuredClone(r.drill) : null, cache_ttl_s: r.cache_ttl_s };
}

/** Empty optional parts left out, so the API validates only what the author set. */
export function inputOf(d: DesignerDraft): ReportInput {
  const chart = { ...d.chart, series: d.chart.series.filter((s) => s.column) };
  if (!chart.x) delete chart.x;
  if (!chart.y) delete chart.y;
  return {
    name: d.name.trim(), title: d.title.trim(), description: d.description, dataset_id: d.dataset_id, chart,
    controls: d.controls.map(cleanControl), format: d.format, drill: d.drill?.report_id ? d.drill : null, cache_ttl_s: d.cache_ttl_s,
  };
}

function cleanControl(c: ReportControl): ReportControl {
  const out: ReportControl = { ...c };
  if (c.type === "daterange") delete out.param;
  else delete out.params;
  if (!c.depends_on) delete out.depends_on;
  if (out.options && !out.options.static?.length && !out.options.dataset_id) delete out.options;
  return out;
}

export function newControl(dataset: Dataset | undefined, i: number): ReportControl {
  const p = dataset?.params[i] ?? dataset?.params[0];
  return { name: p?.name ?? `c${i + 1}`, label: p?.label ?? p?.name ?? "", type: "select" as ControlType, param: p?.name };
}

export function newSeries(dataset: Dataset | undefined): ChartSeries {
  const n = dataset?.columns.find((c) => c.type === "number");
  return { column: n?.name ?? "", agg: "sum" };
}

/** Static options typed one per line as `value` or `value:label`. */
export function parseStatic(text: string): Array<{ value: string; label: string }> {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const [value, ...rest] = l.split(":");
    return { value: value!.trim(), label: rest.join(":").trim() || value!.trim() };
  });
}
export const staticText = (opts: Array<{ value: string; label: string }> | undefined) => (opts ?? []).map((o) => (o.label === o.value ? o.value : `${o.value}:${o.label}`)).join("\n");
