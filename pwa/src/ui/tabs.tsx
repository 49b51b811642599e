import { Tabs as KTabs } from "@kobalte/core/tabs";
import { For, type JSX } from "solid-js";

/** Tabs whose panels render only while shown. */
export type TabItem = { value: string; label: string; render: () => JSX.Element };

export function Tabs(props: { tabs: TabItem[]; value: string; onChange: (v: string) => void; label?: string }): JSX.Element {
  return (
    <KTabs class="tabs" value={props.value} onChange={props.onChange} aria-label={props.label}>
      <KTabs.List class="tabs__list">
        <For each={props.tabs}>{(t) => <KTabs.Trigger class="tabs__trigger" value={t.value}>{t.label}</KTabs.Trigger>}</For>
        <KTabs.Indicator class="tabs__indicator" />
      </KTabs.List>
      <For each={props.tabs}>{(t) => <KTabs.Content class="tabs__panel" value={t.value}>{t.render()}</KTabs.Content>}</For>
    </KTabs>
  );
}
