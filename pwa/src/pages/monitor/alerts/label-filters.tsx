import { createMemo, For, Show, type JSX } from "solid-js";
import { tr } from "../../../providers/i18n.ts";
import { Button } from "../../../ui/button.tsx";
import { Select } from "../../../ui/select.tsx";
import { TextField } from "../../../ui/text-field.tsx";
import type { LabelFilter } from "./rule-form-model.ts";

/**
 * Which series of the metric count: rows of label (from the metric's labels) = value. A label the metric no longer
 * has stays listed under its own name so it can be seen and removed; the API names a bad one (`filters.route`).
 */
export function LabelFilters(props: { value: LabelFilter[]; labels: string[]; onChange: (v: LabelFilter[]) => void; error?: string; disabled?: boolean }): JSX.Element {
  const options = createMemo(() => [...new Set([...props.labels, ...props.value.map((f) => f.key).filter(Boolean)])].map((l) => ({ value: l, label: l })));
  const setRow = (i: number, patch: Partial<LabelFilter>) => props.onChange(props.value.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <div class="field" data-testid="rule-filters" data-field="filters">
      <span class="field__label">{tr("rules.filters")}</span>
      <For each={props.value}>
        {(f, i) => (
          <div class="al-filter-row" data-testid="rule-filter-row">
            <Select label={tr("rules.filter_label")} name={`filters.${i()}.key`} value={f.key} options={options()} onChange={(key) => setRow(i(), { key })} disabled={props.disabled} />
            <TextField label={tr("rules.filter_value")} name={`filters.${i()}.value`} value={f.value} onChange={(value) => setRow(i(), { value })} disabled={props.disabled} />
            <Button size="sm" variant="ghost" aria-label={tr("rules.filter_remove")} disabled={props.disabled} onClick={() => props.onChange(props.value.filter((_, j) => j !== i()))}>×</Button>
          </div>
        )}
      </For>
      <Show when={props.labels.length} fallback={<span class="field__hint">{tr("rules.filters_none")}</span>}>
        <div>
          <Button size="sm" disabled={props.disabled} data-testid="rule-filter-add" onClick={() => props.onChange([...props.value, { key: props.labels[0] ?? "", value: "" }])}>{tr("rules.filter_add")}</Button>
        </div>
        <span class="field__hint">{tr("rules.filters_hint")}</span>
      </Show>
      <Show when={props.error}><span class="field__error">{props.error}</span></Show>
    </div>
  );
}
