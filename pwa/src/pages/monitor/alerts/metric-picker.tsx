import { Select as KSelect } from "@kobalte/core/select";
import { createMemo, type JSX } from "solid-js";
import { RequiredMark } from "../../../ui/required-mark.tsx";
import type { MetricInfo } from "./alerts-api.ts";

type Group = { module: string; options: MetricInfo[] };

/**
 * One metric from the catalog, grouped by the module that registered it (jobs, http, notify, …), each shown by
 * its title with its name under it. `value` is the metric name ("" none); an unknown name still shows as itself.
 */
export function MetricPicker(props: { label: string; metrics: MetricInfo[]; value: string; onChange: (name: string) => void; moduleName: (m: string) => string; error?: string; disabled?: boolean }): JSX.Element {
  const groups = createMemo<Group[]>(() => {
    const by = new Map<string, MetricInfo[]>();
    for (const m of props.metrics) by.set(m.module, [...(by.get(m.module) ?? []), m]);
    return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([module, options]) => ({ module, options }));
  });
  const selected = () => props.metrics.find((m) => m.name === props.value) ?? null;
  return (
    <KSelect<MetricInfo, Group>
      class="field"
      options={groups()}
      optionValue="name"
      optionTextValue="title"
      optionGroupChildren="options"
      value={selected()}
      onChange={(m) => m && props.onChange(m.name)}
      placeholder={props.value || ""}
      validationState={props.error ? "invalid" : "valid"}
      disabled={props.disabled}
      required
      gutter={4}
      sectionComponent={(p) => <KSelect.Section class="select__section">{props.moduleName(p.section.rawValue.module)}</KSelect.Section>}
      itemComponent={(p) => (
        <KSelect.Item item={p.item} class="select__item" data-metric={p.item.rawValue.name}>
          <KSelect.ItemLabel>{p.item.rawValue.title} <code class="muted">{p.item.rawValue.name}</code></KSelect.ItemLabel>
          <KSelect.ItemIndicator class="select__check">✓</KSelect.ItemIndicator>
        </KSelect.Item>
      )}
    >
      <KSelect.Label class="field__label">{props.label}<RequiredMark when /></KSelect.Label>
      <KSelect.Trigger class="input select__trigger" aria-label={props.label} aria-required data-field="metric">
        <KSelect.Value<MetricInfo> class="select__value">{(s) => s.selectedOption()?.title}</KSelect.Value>
        <KSelect.Icon class="select__icon">▾</KSelect.Icon>
      </KSelect.Trigger>
      <KSelect.ErrorMessage class="field__error">{props.error}</KSelect.ErrorMessage>
      <KSelect.Portal>
        <KSelect.Content class="select__content">
          <KSelect.Listbox class="select__listbox" />
        </KSelect.Content>
      </KSelect.Portal>
    </KSelect>
  );
}
