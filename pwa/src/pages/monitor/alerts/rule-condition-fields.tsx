import { createMemo, Show, type JSX } from "solid-js";
import { tr } from "../../../providers/i18n.ts";
import type { FormErrors } from "../../../ui/form-errors.ts";
import { MultiSelect } from "../../../ui/multi-select.tsx";
import { Select } from "../../../ui/select.tsx";
import { TextField } from "../../../ui/text-field.tsx";
import { CONDITION_OPS, SECURITY_DETECTORS, SERIES_AGGS, type MetricInfo, type SeriesAgg } from "./alerts-api.ts";
import { unitSuffix } from "./format.ts";
import { LabelFilters } from "./label-filters.tsx";
import { MetricPicker } from "./metric-picker.tsx";
import type { RuleForm } from "./rule-form-model.ts";

export type SetRule = <K extends keyof RuleForm>(key: K) => (v: RuleForm[K]) => void;
type Props = { form: RuleForm; set: SetRule; errors: FormErrors; metrics: MetricInfo[]; disabled?: boolean };

const HISTOGRAM_ONLY: SeriesAgg[] = ["p50", "p95", "p99"];
/** A module's name in the UI language; a module the text does not know shows as its id. */
function moduleName(m: string): string {
  const key = `rules.module.${m}`;
  const text = tr(key);
  return text === key ? m : text;
}
const OP_OPTIONS = CONDITION_OPS.map((o) => ({ value: o, label: o }));
const num = { type: "number" as const, inputMode: "decimal" as const };

/** What a metric rule watches: the metric, which of its series (filters), split how (group by), and the condition. */
export function MetricConditionFields(props: Props): JSX.Element {
  const metric = createMemo(() => props.metrics.find((m) => m.name === props.form.metric));
  // option lists change only with the metric (not on every keystroke elsewhere in the form)
  const aggOptions = createMemo(() => SERIES_AGGS.filter((a) => metric()?.kind === "histogram" || !HISTOGRAM_ONLY.includes(a)).map((a) => ({ value: a, label: tr(`rules.agg_name.${a}`) })));
  const groupOptions = createMemo(() => (metric()?.labels ?? []).map((l) => ({ value: l, label: l })));
  const unit = () => unitSuffix(metric()?.unit);
  return (
    <div class="form" data-testid="rule-metric-fields">
      <MetricPicker label={tr("rules.metric")} metrics={props.metrics} value={props.form.metric} onChange={props.set("metric")} moduleName={moduleName} error={props.errors.of("metric")} disabled={props.disabled} />
      <Show when={metric()}>{(m) => <p class="field__hint" data-testid="rule-metric-help">{m().help}</p>}</Show>
      <div class="form-grid">
        <LabelFilters value={props.form.filters} labels={metric()?.labels ?? []} onChange={props.set("filters")} error={props.errors.of("filters")} disabled={props.disabled} />
        <MultiSelect label={tr("rules.group_by")} name="group_by" value={props.form.group_by} options={groupOptions()} onChange={props.set("group_by")} error={props.errors.of("group_by")} />
      </div>
      <div class="form-grid al-condition">
        <Select label={tr("rules.agg")} name="agg" value={props.form.agg} options={aggOptions()} onChange={(v) => props.set("agg")(v as SeriesAgg)} error={props.errors.of("agg")} disabled={props.disabled} />
        <Select label={tr("rules.op")} name="op" value={props.form.op} options={OP_OPTIONS} onChange={(v) => props.set("op")(v as RuleForm["op"])} error={props.errors.of("op")} disabled={props.disabled} />
        <TextField {...num} label={unit() ? tr("rules.threshold_unit", { unit: unit() }) : tr("rules.threshold")} name="threshold" required value={props.form.threshold} onChange={props.set("threshold")} error={props.errors.of("threshold")} disabled={props.disabled}
          description={metric()?.unit === "ratio" ? tr("rules.ratio_hint") : undefined} />
        <TextField {...num} label={tr("rules.window_min")} name="window_min" required value={props.form.window_min} onChange={props.set("window_min")} error={props.errors.of("window_s")} disabled={props.disabled} />
        <TextField {...num} label={tr("rules.for_min")} name="for_min" value={props.form.for_min} onChange={props.set("for_min")} error={props.errors.of("for_s")} description={tr("rules.for_hint")} disabled={props.disabled} />
      </div>
    </div>
  );
}

/** What a security rule watches: one detector, explained in plain words, with its event count and window. */
export function SecurityConditionFields(props: Props): JSX.Element {
  return (
    <div class="form" data-testid="rule-security-fields">
      <Select label={tr("rules.detector")} name="detector" required value={props.form.detector} options={SECURITY_DETECTORS.map((d) => ({ value: d, label: tr(`rules.detector.${d}`) }))}
        onChange={(v) => props.set("detector")(v as RuleForm["detector"])} error={props.errors.of("detector")} disabled={props.disabled} />
      <Show when={props.form.detector}>{(d) => <p class="alert alert--info" data-testid="rule-detector-help">{tr(`rules.detector_help.${d()}`)}</p>}</Show>
      <div class="form-grid al-condition">
        <TextField {...num} label={tr("rules.threshold_events")} name="threshold" required value={props.form.threshold} onChange={props.set("threshold")} error={props.errors.of("threshold")} disabled={props.disabled} />
        <TextField {...num} label={tr("rules.window_min")} name="window_min" required value={props.form.window_min} onChange={props.set("window_min")} error={props.errors.of("window_s")} disabled={props.disabled} />
      </div>
    </div>
  );
}
