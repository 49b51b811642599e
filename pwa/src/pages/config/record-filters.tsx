import { createEffect, createSignal, For, type JSX } from "solid-js";
import type { ConfigField } from "@ops/shared/contracts/config.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";

/** The fields a list can filter by (`?f.<key>=`): choices the reader picks from, not free text. */
export const filterFields = (fields: ConfigField[]) => fields.filter((f) => (f.type === "select" || f.type === "switch") && !f.secret);

/** URL keys of a table's list: text search, sort, one per filter field. */
export const recordFilterKeys = (fields: ConfigField[]) => ["q", "sort", ...filterFields(fields).map((f) => `f.${f.key}`)];

/** Search applies on submit; a filter or the sort at once. */
export function RecordFilters(props: { fields: ConfigField[]; value: Record<string, string>; onChange: (v: Record<string, string>) => void }): JSX.Element {
  const [q, setQ] = createSignal(props.value.q ?? "");
  createEffect(() => setQ(props.value.q ?? ""));
  const sortOptions = () =>
    props.fields.filter((f) => !f.secret && !["json", "richtext", "code", "image", "multiselect"].includes(f.type)).flatMap((f) => [
      { value: f.key, label: tr("config.sort_asc", { field: f.label }) },
      { value: `-${f.key}`, label: tr("config.sort_desc", { field: f.label }) },
    ]);
  return (
    <form class="filters cfg-filters" role="search" data-testid="record-filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange({ q: q().trim() });
      }}>
      <TextField label={tr("common.search")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("config.search_records_placeholder")} />
      <For each={filterFields(props.fields)}>
        {(f) => (
          <Select label={f.label} name={`f.${f.key}`} value={props.value[`f.${f.key}`] ?? ""} emptyLabel={tr("common.all")}
            options={f.type === "switch" ? [{ value: "true", label: tr("config.yes") }, { value: "false", label: tr("config.no") }] : f.options ?? []}
            onChange={(v) => v !== (props.value[`f.${f.key}`] ?? "") && props.onChange({ [`f.${f.key}`]: v })} />
        )}
      </For>
      <Select label={tr("config.sort")} name="sort" value={props.value.sort ?? ""} emptyLabel={tr("config.sort_default")} options={sortOptions()}
        onChange={(sort) => sort !== (props.value.sort ?? "") && props.onChange({ sort })} />
      <div class="filters__buttons">
        <Button type="submit" variant="primary" data-testid="record-search">{tr("common.search")}</Button>
      </div>
    </form>
  );
}
