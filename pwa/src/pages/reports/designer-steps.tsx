import { For, Index, Show, type JSX } from "solid-js";
import { BUILDER_AGGS, CHART_TYPES, CONTROL_TYPES, type ColumnFormat, type Dataset, type Report, type ReportControl } from "../../data/reports.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import type { FormErrors } from "../../ui/form-errors.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { stableOptions } from "./stable-options.ts";
import { newControl, newSeries, parseStatic, staticText, type DesignerDraft } from "./designer-model.ts";

export type StepProps = {
  draft: DesignerDraft;
  set: (d: DesignerDraft) => void;
  datasets: Dataset[];
  reports: Report[];
  errors: FormErrors;
  editing: boolean;
};

const dataset = (p: StepProps) => p.datasets.find((d) => d.id === p.draft.dataset_id);
const columnOptions = (p: StepProps) => (dataset(p)?.columns ?? []).map((c) => ({ value: c.name, label: c.label ? `${c.label} (${c.name})` : c.name }));

export function DatasetStep(p: StepProps): JSX.Element {
  const sets = stableOptions(() => p.datasets.map((d) => ({ value: d.id, label: `${d.name}${d.description ? ` · ${d.description}` : ""}` })));
  return (
    <div class="rpt-form" data-testid="designer-step-dataset">
      <Select label={tr("reports.d.dataset")} name="dataset_id" required value={p.draft.dataset_id} error={p.errors.of("dataset_id")}
        options={sets()} onChange={(v) => p.set({ ...p.draft, dataset_id: v })} />
      <TextField label={tr("reports.d.name")} name="name" required value={p.draft.name} disabled={p.editing} description={tr("reports.d.name_hint")} error={p.errors.of("name")} onChange={(v) => p.set({ ...p.draft, name: v })} />
      <TextField label={tr("reports.d.title")} name="title" required value={p.draft.title} error={p.errors.of("title")} onChange={(v) => p.set({ ...p.draft, title: v })} />
      <TextField label={tr("reports.d.description")} name="description" multiline value={p.draft.description} onChange={(v) => p.set({ ...p.draft, description: v })} />
    </div>
  );
}

export function ChartStep(p: StepProps): JSX.Element {
  const columns = stableOptions(() => columnOptions(p));
  const chart = () => p.draft.chart;
  const setChart = (c: Partial<DesignerDraft["chart"]>) => p.set({ ...p.draft, chart: { ...chart(), ...c } });
  const aggs = [...BUILDER_AGGS, "none"].map((a) => ({ value: a, label: tr(`reports.agg_${a}`) }));
  return (
    <div class="rpt-form" data-testid="designer-step-chart">
      <Select label={tr("reports.d.chart_type")} name="chart.type" value={chart().type} options={CHART_TYPES.map((t) => ({ value: t, label: tr(`reports.chart_${t}`) }))} onChange={(v) => setChart({ type: v as DesignerDraft["chart"]["type"] })} />
      <Show when={!["kpi", "gauge", "table"].includes(chart().type)}>
        <Select label={tr("reports.d.x")} name="chart.x" value={chart().x ?? ""} emptyLabel={tr("reports.d.none")} options={columns()} error={p.errors.of("chart.x")} onChange={(v) => setChart({ x: v || undefined })} />
        <Select label={tr("reports.d.y")} name="chart.y" value={chart().y ?? ""} emptyLabel={tr("reports.d.none")} options={columns()} error={p.errors.of("chart.y")} onChange={(v) => setChart({ y: v || undefined })} />
      </Show>
      <fieldset class="rpt-rows">
        <legend class="field__label">{chart().type === "table" ? tr("reports.d.table_columns") : tr("reports.d.series")}</legend>
        <Index each={chart().series}>
          {(s, i) => (
            <div class="rpt-row" data-testid="designer-series">
              <Select label={tr("reports.d.column")} name={`chart.series[${i}].column`} value={s().column} options={columns()} error={p.errors.of(`chart.series[${i}].column`)}
                onChange={(v) => setChart({ series: chart().series.map((x, j) => (j === i ? { ...x, column: v } : x)) })} />
              <Select label={tr("reports.d.agg")} name={`chart.series[${i}].agg`} value={s().agg} options={aggs}
                onChange={(v) => setChart({ series: chart().series.map((x, j) => (j === i ? { ...x, agg: v as typeof x.agg } : x)) })} />
              <TextField label={tr("reports.d.label")} name={`chart.series[${i}].label`} value={s().label ?? ""} onChange={(v) => setChart({ series: chart().series.map((x, j) => (j === i ? { ...x, label: v || undefined } : x)) })} />
              <Button size="sm" variant="ghost" onClick={() => setChart({ series: chart().series.filter((_, j) => j !== i) })}>{tr("common.delete")}</Button>
            </div>
          )}
        </Index>
        <Button size="sm" onClick={() => setChart({ series: [...chart().series, newSeries(dataset(p))] })} data-testid="designer-series-add">{tr("reports.d.series_add")}</Button>
      </fieldset>
      <Show when={chart().type === "kpi"}>
        <Select label={tr("reports.d.kpi_date")} name="chart.kpi.date_column" value={chart().kpi?.date_column ?? ""} emptyLabel={tr("reports.d.none")} options={columns()}
          onChange={(v) => setChart({ kpi: v ? { date_column: v, period: chart().kpi?.period ?? "month", compare: chart().kpi?.compare ?? "previous_period" } : undefined })} />
        <Show when={chart().kpi}>
          <Select label={tr("reports.d.kpi_period")} name="chart.kpi.period" value={chart().kpi!.period} options={["day", "week", "month", "year"].map((v) => ({ value: v, label: tr(`reports.period_${v}`) }))}
            onChange={(v) => setChart({ kpi: { ...chart().kpi!, period: v as "month" } })} />
          <Select label={tr("reports.d.kpi_compare")} name="chart.kpi.compare" value={chart().kpi!.compare} options={["previous_period", "previous_year"].map((v) => ({ value: v, label: tr(`reports.compare_${v}`) }))}
            onChange={(v) => setChart({ kpi: { ...chart().kpi!, compare: v as "previous_period" } })} />
        </Show>
      </Show>
    </div>
  );
}

function ControlRow(p: StepProps & { c: ReportControl; i: number }): JSX.Element {
  const c = () => p.c;
  const others = stableOptions(() => p.draft.controls.filter((x) => x.name !== c().name).map((x) => ({ value: x.name, label: x.label || x.name })));
  const update = (patch: Partial<ReportControl>) => p.set({ ...p.draft, controls: p.draft.controls.map((x, j) => (j === p.i ? { ...x, ...patch } : x)) });
  const params = stableOptions(() => (dataset(p)?.params ?? []).map((x) => ({ value: x.name, label: x.label ? `${x.label} (${x.name})` : x.name })));
  const optDataset = () => p.datasets.find((d) => d.id === c().options?.dataset_id);
  const optColumns = stableOptions(() => (optDataset()?.columns ?? []).map((x) => ({ value: x.name, label: x.label || x.name })));
  const sets = stableOptions(() => p.datasets.map((d) => ({ value: d.id, label: d.name })));
  const source = () => (c().options?.dataset_id !== undefined ? "dataset" : c().options?.static ? "static" : "none");
  const f = (k: string) => `controls[${p.i}].${k}`;
  return (
    <div class="rpt-row" data-testid="designer-control">
      <TextField label={tr("reports.d.control_name")} name={f("name")} value={c().name} error={p.errors.of(f("name"))} onChange={(v) => update({ name: v })} />
      <TextField label={tr("reports.d.label")} name={f("label")} value={c().label} error={p.errors.of(f("label"))} onChange={(v) => update({ label: v })} />
      <Select label={tr("reports.d.control_type")} name={f("type")} value={c().type} options={CONTROL_TYPES.map((t) => ({ value: t, label: tr(`reports.control_${t}`) }))} onChange={(v) => update({ type: v as ReportControl["type"] })} />
      <Show when={c().type === "daterange"} fallback={
        <Select label={tr("reports.d.param")} name={f("param")} value={c().param ?? ""} options={params()} error={p.errors.of(f("param"))} onChange={(v) => update({ param: v })} />
      }>
        <Select label={tr("reports.d.param_from")} name={f("params.0")} value={c().params?.[0] ?? ""} options={params()} error={p.errors.of(f("params"))} onChange={(v) => update({ params: [v, c().params?.[1] ?? ""] })} />
        <Select label={tr("reports.d.param_to")} name={f("params.1")} value={c().params?.[1] ?? ""} options={params()} onChange={(v) => update({ params: [c().params?.[0] ?? "", v] })} />
      </Show>
      <Show when={["select", "multiselect", "tree"].includes(c().type)}>
        <Select label={tr("reports.d.options_source")} name={f("options.source")} value={source()}
          options={["none", "static", "dataset"].map((v) => ({ value: v, label: tr(`reports.d.source_${v}`) }))}
          onChange={(v) => update({ options: v === "static" ? { static: [] } : v === "dataset" ? { dataset_id: p.draft.dataset_id } : undefined })} />
        <Show when={source() === "static"}>
          <TextField label={tr("reports.d.static_options")} name={f("options.static")} multiline description={tr("reports.d.static_hint")} value={staticText(c().options?.static)} onChange={(v) => update({ options: { static: parseStatic(v) } })} />
        </Show>
        <Show when={source() === "dataset"}>
          <Select label={tr("reports.d.options_dataset")} name={f("options.dataset_id")} value={c().options?.dataset_id ?? ""} options={sets()} onChange={(v) => update({ options: { ...c().options, dataset_id: v } })} />
          <Select label={tr("reports.d.value_column")} name={f("options.value_column")} value={c().options?.value_column ?? ""} options={optColumns()} error={p.errors.of(f("options"))} onChange={(v) => update({ options: { ...c().options, value_column: v } })} />
          <Select label={tr("reports.d.label_column")} name={f("options.label_column")} value={c().options?.label_column ?? ""} emptyLabel={tr("reports.d.none")} options={optColumns()} onChange={(v) => update({ options: { ...c().options, label_column: v || undefined } })} />
          <Select label={tr("reports.d.parent_column")} name={f("options.parent_column")} value={c().options?.parent_column ?? ""} emptyLabel={tr("reports.d.none")} options={optColumns()} onChange={(v) => update({ options: { ...c().options, parent_column: v || undefined } })} />
        </Show>
      </Show>
      <Select label={tr("reports.d.depends_on")} name={f("depends_on")} value={c().depends_on ?? ""} emptyLabel={tr("reports.d.none")}
        options={others()} onChange={(v) => update({ depends_on: v || undefined })} />
      <TextField label={tr("reports.d.default")} name={f("default")} value={Array.isArray(c().default) ? (c().default as string[]).join(",") : (c().default as string) ?? ""}
        onChange={(v) => update({ default: v || undefined })} />
      <Button size="sm" variant="ghost" onClick={() => p.set({ ...p.draft, controls: p.draft.controls.filter((_, j) => j !== p.i) })}>{tr("common.delete")}</Button>
    </div>
  );
}

export function ControlsStep(p: StepProps): JSX.Element {
  return (
    <div class="rpt-form" data-testid="designer-step-controls">
      <For each={p.draft.controls}>{(c, i) => <ControlRow {...p} c={c} i={i()} />}</For>
      <Button size="sm" onClick={() => p.set({ ...p.draft, controls: [...p.draft.controls, newControl(dataset(p), p.draft.controls.length)] })} data-testid="designer-control-add">{tr("reports.d.control_add")}</Button>
    </div>
  );
}

export function FormatStep(p: StepProps): JSX.Element {
  const columnsOf = stableOptions(() => columnOptions(p));
  const targets = stableOptions(() => p.reports.map((r) => ({ value: r.id, label: r.title })));
  const columns = () => [...new Set([...p.draft.chart.series.map((s) => s.column), ...(dataset(p)?.columns.filter((c) => c.type === "number").map((c) => c.name) ?? [])])].filter(Boolean);
  const setFmt = (col: string, patch: Partial<ColumnFormat>) => p.set({ ...p.draft, format: { ...p.draft.format, [col]: { ...p.draft.format[col], ...patch } } });
  const drill = () => p.draft.drill;
  const drillParams = () => Object.entries(drill()?.params ?? {}).map(([k, v]) => `${k}=${v}`).join("\n");
  return (
    <div class="rpt-form" data-testid="designer-step-format">
      <For each={columns()}>
        {(col) => (
          <fieldset class="rpt-row" data-column={col}>
            <legend class="field__label">{col}</legend>
            <Select label={tr("reports.d.format_kind")} name={`format.${col}.kind`} value={p.draft.format[col]?.kind ?? "number"} options={["number", "percent", "currency", "text"].map((v) => ({ value: v, label: tr(`reports.format_${v}`) }))} onChange={(v) => setFmt(col, { kind: v as ColumnFormat["kind"] })} />
            <TextField label={tr("reports.d.decimals")} name={`format.${col}.decimals`} type="number" value={String(p.draft.format[col]?.decimals ?? "")} onChange={(v) => setFmt(col, { decimals: v === "" ? undefined : Number(v) })} />
            <Select label={tr("reports.d.thousands")} name={`format.${col}.thousands`} value={p.draft.format[col]?.thousands === false ? "no" : "yes"} options={[{ value: "yes", label: tr("reports.yes") }, { value: "no", label: tr("reports.no") }]} onChange={(v) => setFmt(col, { thousands: v === "yes" })} />
            <Select label={tr("reports.d.trend")} name={`format.${col}.trend`} value={p.draft.format[col]?.trend ?? "red_up"} options={["red_up", "green_up"].map((v) => ({ value: v, label: tr(`reports.trend_${v}`) }))} onChange={(v) => setFmt(col, { trend: v as ColumnFormat["trend"] })} />
            <TextField label={tr("reports.d.thresholds")} name={`format.${col}.thresholds`} description={tr("reports.d.thresholds_hint")}
              value={(p.draft.format[col]?.thresholds ?? []).map((t) => `${t.op} ${t.value} ${t.color}`).join("; ")}
              onChange={(v) => setFmt(col, { thresholds: v.split(";").map((x) => x.trim().split(/\s+/)).filter((x) => x.length === 3).map(([op, value, color]) => ({ op: op as "gt", value: Number(value), color: color! })) })} />
          </fieldset>
        )}
      </For>
      <fieldset class="rpt-row">
        <legend class="field__label">{tr("reports.d.drill")}</legend>
        <Select label={tr("reports.d.drill_column")} name="drill.column" value={drill()?.column ?? ""} emptyLabel={tr("reports.d.none")} options={columnsOf()}
          onChange={(v) => p.set({ ...p.draft, drill: v ? { column: v, report_id: drill()?.report_id ?? "", params: drill()?.params ?? {} } : null })} />
        <Show when={drill()}>
          <Select label={tr("reports.d.drill_target")} name="drill.report_id" value={drill()!.report_id} options={targets()} error={p.errors.of("drill")}
            onChange={(v) => p.set({ ...p.draft, drill: { ...drill()!, report_id: v } })} />
          <TextField label={tr("reports.d.drill_params")} name="drill.params" multiline description={tr("reports.d.drill_params_hint")} value={drillParams()}
            onChange={(v) => p.set({ ...p.draft, drill: { ...drill()!, params: Object.fromEntries(v.split("\n").map((l) => l.split("=").map((x) => x.trim())).filter((x) => x.length === 2 && x[0])) } })} />
        </Show>
      </fieldset>
    </div>
  );
}
