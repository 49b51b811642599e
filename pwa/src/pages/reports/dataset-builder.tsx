import { createResource, Index, type JSX } from "solid-js";
import { BUILDER_AGGS, datasourcesApi, FILTER_OPS, type DatasetBuilder } from "../../data/reports.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import type { FormErrors } from "../../ui/form-errors.ts";
import { MultiSelect } from "../../ui/multi-select.tsx";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { stableOptions } from "./stable-options.ts";

export const emptyBuilder = (): DatasetBuilder => ({ table: "", fields: [], filters: [], group_by: [], sort: [] });

/**
 * The visual builder: a table of the datasource (its schema from `/datasources/{id}/tables`), fields
 * with optional aggregates, filters on a value or a parameter, group by and sort. The server compiles
 * it to parameterized SQL over the same identifiers.
 */
export function DatasetBuilderForm(props: { datasourceId: string; value: DatasetBuilder; onChange: (b: DatasetBuilder) => void; errors: FormErrors }): JSX.Element {
  const [tables] = createResource(() => props.datasourceId || null, (id) => datasourcesApi.tables(id).catch(() => []));
  const b = () => props.value;
  const set = (patch: Partial<DatasetBuilder>) => props.onChange({ ...b(), ...patch });
  const columns = stableOptions(() => (tables()?.find((t) => t.name === b().table)?.columns ?? []).map((c) => ({ value: c.name, label: `${c.name} (${c.type})` })));
  const tableOptions = stableOptions(() => (tables() ?? []).map((t) => ({ value: t.name, label: t.name })));
  const aggs = [{ value: "", label: tr("reports.d.none") }, ...BUILDER_AGGS.map((a) => ({ value: a, label: tr(`reports.agg_${a}`) }))];
  return (
    <div class="rpt-form" data-testid="dataset-builder">
      <Select label={tr("reports.ds.table")} name="builder.table" value={b().table} options={tableOptions()} error={props.errors.of("builder.table")}
        onChange={(v) => set({ ...emptyBuilder(), table: v })} />
      <fieldset class="rpt-rows">
        <legend class="field__label">{tr("reports.ds.fields")}</legend>
        <Index each={b().fields}>
          {(f, i) => (
            <div class="rpt-row" data-testid="builder-field">
              <Select label={tr("reports.d.column")} name={`builder.fields[${i}].column`} value={f().column} options={columns()} error={props.errors.of(`builder.fields[${i}].column`)}
                onChange={(v) => set({ fields: b().fields.map((x, j) => (j === i ? { ...x, column: v } : x)) })} />
              <Select label={tr("reports.d.agg")} name={`builder.fields[${i}].agg`} value={f().agg ?? ""} options={aggs}
                onChange={(v) => set({ fields: b().fields.map((x, j) => (j === i ? { ...x, agg: (v || undefined) as typeof x.agg } : x)) })} />
              <TextField label={tr("reports.ds.alias")} name={`builder.fields[${i}].alias`} value={f().alias ?? ""} onChange={(v) => set({ fields: b().fields.map((x, j) => (j === i ? { ...x, alias: v || undefined } : x)) })} />
              <Button size="sm" variant="ghost" onClick={() => set({ fields: b().fields.filter((_, j) => j !== i) })}>{tr("common.delete")}</Button>
            </div>
          )}
        </Index>
        <Button size="sm" onClick={() => set({ fields: [...b().fields, { column: "" }] })} data-testid="builder-field-add">{tr("reports.ds.field_add")}</Button>
      </fieldset>
      <fieldset class="rpt-rows">
        <legend class="field__label">{tr("reports.ds.filters")}</legend>
        <Index each={b().filters}>
          {(f, i) => (
            <div class="rpt-row">
              <Select label={tr("reports.d.column")} name={`builder.filters[${i}].column`} value={f().column} options={columns()} onChange={(v) => set({ filters: b().filters.map((x, j) => (j === i ? { ...x, column: v } : x)) })} />
              <Select label={tr("reports.ds.op")} name={`builder.filters[${i}].op`} value={f().op} options={FILTER_OPS.map((o) => ({ value: o, label: tr(`reports.op_${o}`) }))} onChange={(v) => set({ filters: b().filters.map((x, j) => (j === i ? { ...x, op: v as typeof x.op } : x)) })} />
              <TextField label={tr("reports.ds.filter_value")} name={`builder.filters[${i}].value`} description={tr("reports.ds.filter_value_hint")}
                value={f().param ? `:${f().param}` : f().value === undefined ? "" : String(f().value)}
                onChange={(v) => set({ filters: b().filters.map((x, j) => (j === i ? (v.startsWith(":") ? { column: x.column, op: x.op, param: v.slice(1) } : { column: x.column, op: x.op, value: v }) : x)) })} />
              <Button size="sm" variant="ghost" onClick={() => set({ filters: b().filters.filter((_, j) => j !== i) })}>{tr("common.delete")}</Button>
            </div>
          )}
        </Index>
        <Button size="sm" onClick={() => set({ filters: [...b().filters, { column: "", op: "eq" }] })}>{tr("reports.ds.filter_add")}</Button>
      </fieldset>
      <MultiSelect label={tr("reports.ds.group_by")} name="builder.group_by" value={b().group_by} options={columns()} onChange={(v) => set({ group_by: v })} />
      <fieldset class="rpt-rows">
        <legend class="field__label">{tr("reports.ds.sort")}</legend>
        <Index each={b().sort}>
          {(s, i) => (
            <div class="rpt-row">
              <Select label={tr("reports.d.column")} name={`builder.sort[${i}].column`} value={s().column} options={columns()} onChange={(v) => set({ sort: b().sort.map((x, j) => (j === i ? { ...x, column: v } : x)) })} />
              <Select label={tr("reports.ds.dir")} name={`builder.sort[${i}].dir`} value={s().dir} options={[{ value: "asc", label: tr("reports.ds.asc") }, { value: "desc", label: tr("reports.ds.desc") }]} onChange={(v) => set({ sort: b().sort.map((x, j) => (j === i ? { ...x, dir: v as "asc" } : x)) })} />
              <Button size="sm" variant="ghost" onClick={() => set({ sort: b().sort.filter((_, j) => j !== i) })}>{tr("common.delete")}</Button>
            </div>
          )}
        </Index>
        <Button size="sm" onClick={() => set({ sort: [...b().sort, { column: "", dir: "asc" }] })}>{tr("reports.ds.sort_add")}</Button>
      </fieldset>
    </div>
  );
}
