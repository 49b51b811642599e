import { createResource, type JSX } from "solid-js";
import { configApi } from "../../data/config.ts";
import { tr } from "../../providers/i18n.ts";
import { Select } from "../select.tsx";

/** A key of another table's live records (the first 200, which is what a picker can show anyway). */
export function ReferenceField(props: { table: string; name: string; label: string; value: string; onChange: (key: string) => void; required?: boolean; disabled?: boolean; error?: string }): JSX.Element {
  const [options] = createResource(
    () => props.table,
    async (table) => {
      const [meta, page] = await Promise.all([configApi.table(table), configApi.records(table, { page_size: 200 })]);
      // the first text field besides the key names the record
      const named = meta.fields.find((f) => f.key !== meta.key_field && (f.type === "text" || f.type === "textarea") && !f.secret);
      return page.items.map((r) => {
        const name = named ? r.values[named.key] : undefined;
        return { value: r.key, label: typeof name === "string" && name ? `${r.key} · ${name}` : r.key };
      });
    },
  );
  const all = () => {
    const list = options() ?? [];
    // a stored key that is no longer offered still shows
    return props.value && !list.some((o) => o.value === props.value) ? [{ value: props.value, label: props.value }, ...list] : list;
  };
  return (
    <Select name={props.name} label={props.label} value={props.value} onChange={props.onChange} options={all()} required={props.required}
      disabled={props.disabled} error={props.error} emptyLabel={props.required ? undefined : tr("config.none")} placeholder={options.loading ? tr("common.loading") : tr("config.pick")} />
  );
}
