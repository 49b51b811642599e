import { createMemo, For, type JSX } from "solid-js";
import type { MetricInfo, SeriesAgg } from "@ops/shared/contracts/monitor.ts";
import { tr } from "../../../providers/i18n.ts";

/** The aggregations a metric's kind offers (percentiles only for histograms). */
export function aggsOf(m: MetricInfo): SeriesAgg[] {
  if (m.kind === "histogram") return ["value", "p50", "p95", "p99", "avg", "max", "count"];
  if (m.kind === "counter") return ["value", "sum", "avg", "max"];
  return ["value", "avg", "min", "max", "last"];
}

/** A module's name in the reader's language (a module registering metrics later shows its own id until named). */
function moduleName(module: string): string {
  const key = `monitor.module_${module}`;
  const name = tr(key);
  return name === key ? module : name;
}

/** The catalog grouped by the registering module (a native select: optgroups, and the phone's own picker). */
export function MetricPicker(props: { catalog: MetricInfo[]; value: string; onChange: (name: string) => void }): JSX.Element {
  const groups = createMemo(() => {
    const by = new Map<string, MetricInfo[]>();
    for (const m of props.catalog) (by.get(m.module) ?? by.set(m.module, []).get(m.module)!).push(m);
    return [...by].sort(([a], [b]) => a.localeCompare(b));
  });
  return (
    <label class="field mon-field mon-field--wide">
      <span class="field__label">{tr("monitor.s.metric")}</span>
      <select class="input" name="metric" value={props.value} data-testid="series-metric" onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{tr("monitor.s.pick_option")}</option>
        <For each={groups()}>
          {([module, items]) => (
            <optgroup label={moduleName(module)}>
              <For each={items}>{(m) => <option value={m.name} selected={m.name === props.value}>{m.title} ({m.name})</option>}</For>
            </optgroup>
          )}
        </For>
      </select>
    </label>
  );
}

/** One choice per label of the metric; values are the ones seen in the answers so far (and the current one). */
export function LabelFilters(props: { labels: string[]; choices: Map<string, Set<string>>; values: Record<string, string>; onChange: (label: string, value: string) => void }): JSX.Element {
  return (
    <For each={props.labels}>
      {(label) => {
        const options = () => [...new Set([...(props.choices.get(label) ?? []), ...(props.values[label] ? [props.values[label]!] : [])])].sort();
        return (
          <label class="field mon-field">
            <span class="field__label">{label}</span>
            <select class="input" name={label} data-testid="series-label" data-label={label} onChange={(e) => props.onChange(label, e.currentTarget.value)}>
              <option value="" selected={!props.values[label]}>{tr("monitor.s.all")}</option>
              <For each={options()}>{(v) => <option value={v} selected={props.values[label] === v}>{v}</option>}</For>
            </select>
          </label>
        );
      }}
    </For>
  );
}
