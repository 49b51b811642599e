import type { FieldError } from "@ops/shared";
import { DATE_PRESETS, type Dataset, type ReportControl } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { DatasetLookup } from "../ports.ts";
import { loadReport, type ReportDef } from "./store.ts";

type Draft = Pick<ReportDef, "id" | "dataset_id" | "chart" | "controls" | "format" | "drill">;

const AXIS_CHARTS = new Set(["line", "bar", "area", "pie", "funnel", "heatmap"]);
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

const err = (field: string, message: string, params?: Record<string, unknown>): FieldError => ({ field, message, ...(params ? { params } : {}) });

async function datasetOr(lookup: DatasetLookup, id: string): Promise<Dataset | null> {
  try {
    return await lookup.get(id);
  } catch {
    return null;
  }
}

/** The chart's columns against the dataset's (errors at chart.x, chart.series[i].column, …). */
function chartProblems(draft: Draft, columns: Set<string>): FieldError[] {
  const out: FieldError[] = [];
  const { chart } = draft;
  const known = (field: string, name: string | undefined) => {
    if (name !== undefined && !columns.has(name)) out.push(err(field, "reports.def.unknown_column", { column: name }));
  };
  known("chart.x", chart.x);
  known("chart.y", chart.y);
  chart.series.forEach((s, i) => known(`chart.series[${i}].column`, s.column));
  known("chart.kpi.date_column", chart.kpi?.date_column);
  if (AXIS_CHARTS.has(chart.type) && !chart.x) out.push(err("chart.x", "reports.def.chart_needs_x"));
  if (chart.type === "heatmap" && !chart.y) out.push(err("chart.y", "reports.def.chart_needs_y"));
  if (chart.type !== "table" && chart.series.length === 0) out.push(err("chart.series", "reports.def.chart_needs_series"));
  if (chart.type !== "table") chart.series.forEach((s, i) => {
    if (s.agg === "none" && chart.type !== "line" && chart.type !== "bar" && chart.type !== "area") out.push(err(`chart.series[${i}].agg`, "reports.def.series_needs_agg"));
  });
  if (chart.gauge && chart.gauge.min >= chart.gauge.max) out.push(err("chart.gauge.max", "reports.def.gauge_bounds"));
  return out;
}

/** Defaults: a date control takes a date or a preset; a date range a preset or [from, to]. */
function defaultProblems(c: ReportControl, field: string): FieldError[] {
  if (c.default === undefined) return [];
  const isPreset = (v: unknown) => typeof v === "string" && (DATE_PRESETS as readonly string[]).includes(v);
  if (c.type === "date" && !(isPreset(c.default) || (typeof c.default === "string" && DATE_TEXT.test(c.default)))) return [err(`${field}.default`, "reports.def.bad_date_default")];
  if (c.type === "daterange") {
    const pair = Array.isArray(c.default) && c.default.length === 2 && c.default.every((d) => DATE_TEXT.test(d));
    if (!isPreset(c.default) && !pair) return [err(`${field}.default`, "reports.def.bad_date_default")];
  }
  return [];
}

async function controlProblems(draft: Draft, dataset: Dataset, lookup: DatasetLookup): Promise<FieldError[]> {
  const out: FieldError[] = [];
  const params = new Set(dataset.params.map((p) => p.name));
  const names = new Set<string>();
  for (const [i, c] of draft.controls.entries()) {
    const f = `controls[${i}]`;
    if (names.has(c.name)) out.push(err(`${f}.name`, "reports.def.control_duplicate", { name: c.name }));
    names.add(c.name);
    if (c.type === "daterange") {
      if (!c.params) out.push(err(`${f}.params`, "reports.def.control_needs_params"));
      else c.params.forEach((p, j) => { if (!params.has(p)) out.push(err(`${f}.params[${j}]`, "reports.def.unknown_param", { param: p })); });
    } else if (!c.param) out.push(err(`${f}.param`, "reports.def.control_needs_param"));
    else if (!params.has(c.param)) out.push(err(`${f}.param`, "reports.def.unknown_param", { param: c.param }));
    out.push(...defaultProblems(c, f));
    const needsOptions = c.type === "select" || c.type === "multiselect" || c.type === "tree";
    const o = c.options;
    if (needsOptions && !o?.static && !o?.dataset_id) out.push(err(`${f}.options`, "reports.def.control_needs_options"));
    if (o?.dataset_id) {
      const source = o.dataset_id === dataset.id ? dataset : await datasetOr(lookup, o.dataset_id);
      if (!source) out.push(err(`${f}.options.dataset_id`, "reports.dataset_not_found"));
      else {
        const cols = new Set(source.columns.map((col) => col.name));
        if (!o.value_column) out.push(err(`${f}.options.value_column`, "reports.def.control_needs_value_column"));
        for (const key of ["value_column", "label_column", "parent_column"] as const) {
          const v = o[key];
          if (v !== undefined && !cols.has(v)) out.push(err(`${f}.options.${key}`, "reports.def.unknown_column", { column: v }));
        }
        if ((c.depends_on || c.type === "tree") && !o.parent_column) out.push(err(`${f}.options.parent_column`, "reports.def.control_needs_parent_column"));
      }
    }
  }
  // depends_on names another control; following the chain never comes back (any depth, no cycles)
  const byName = new Map(draft.controls.map((c) => [c.name, c]));
  draft.controls.forEach((c, i) => {
    if (!c.depends_on) return;
    if (!byName.has(c.depends_on) || c.depends_on === c.name) return void out.push(err(`controls[${i}].depends_on`, "reports.def.unknown_control", { name: c.depends_on }));
    const seen = new Set([c.name]);
    for (let p = byName.get(c.depends_on); p; p = p.depends_on ? byName.get(p.depends_on) : undefined) {
      if (seen.has(p.name)) return void out.push(err(`controls[${i}].depends_on`, "reports.def.control_cycle"));
      seen.add(p.name);
    }
  });
  return out;
}

async function drillProblems(db: Db, draft: Draft, columns: Set<string>, lookup: DatasetLookup): Promise<FieldError[]> {
  const drill = draft.drill;
  if (!drill) return [];
  const out: FieldError[] = [];
  if (!columns.has(drill.column)) out.push(err("drill.column", "reports.def.unknown_column", { column: drill.column }));
  const target = await loadReport(db, drill.report_id);
  if (!target || target.id === draft.id) return [...out, err("drill.report_id", "reports.def.drill_target_missing", { id: drill.report_id })];
  const targetDataset = await datasetOr(lookup, target.dataset_id);
  const targetParams = new Set<string>(target.controls.flatMap((c) => (c.params ? [...c.params] : c.param ? [c.param] : [])));
  for (const p of targetDataset?.params ?? []) targetParams.add(p.name);
  for (const [param, source] of Object.entries(drill.params)) {
    if (!targetParams.has(param)) out.push(err(`drill.params.${param}`, "reports.def.unknown_param", { param }));
    else if (!source.startsWith("value:") && !columns.has(source)) out.push(err(`drill.params.${param}`, "reports.def.unknown_column", { column: source }));
  }
  return out;
}

/** Everything wrong with a definition against its dataset, drill target and option datasets (empty: fine). */
export async function reportProblems(db: Db, lookup: DatasetLookup, draft: Draft): Promise<FieldError[]> {
  const dataset = await datasetOr(lookup, draft.dataset_id);
  if (!dataset) return [err("dataset_id", "reports.dataset_not_found", { id: draft.dataset_id })];
  const columns = new Set(dataset.columns.map((c) => c.name));
  const formatErrors = Object.keys(draft.format).filter((k) => !columns.has(k)).map((k) => err(`format.${k}`, "reports.def.unknown_column", { column: k }));
  return [
    ...chartProblems(draft, columns),
    ...(await controlProblems(draft, dataset, lookup)),
    ...formatErrors,
    ...(await drillProblems(db, draft, columns, lookup)),
  ];
}
