import "./texts.ts";
import { useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, Index, Show, type JSX } from "solid-js";
import { datasetsApi, datasourcesApi, MASK_KINDS, PARAM_TYPES, type DatasetInput, type DatasetPreview, type ParamValues } from "../../data/reports.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { CodeField } from "../../ui/config-fields/code-field.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Select } from "../../ui/select.tsx";
import { Tabs } from "../../ui/tabs.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { DatasetBuilderForm, emptyBuilder } from "./dataset-builder.tsx";
import { PreviewTable } from "./preview-table.tsx";
import "./reports.css";

type Draft = Required<Omit<DatasetInput, "sql" | "builder">> & { sql: string; builder: NonNullable<DatasetInput["builder"]> };

const empty = (): Draft => ({ name: "", description: "", datasource_id: "", mode: "sql", sql: "", builder: emptyBuilder(), params: [], columns: [], row_filters: [] });

/**
 * `/reports/datasets/new` and `/reports/datasets/:id`: datasource, SQL with `:name` parameters (CodeMirror,
 * loaded lazily) or the visual builder, parameters, column labels and masks, row filters bound to the
 * viewer; 预览 runs the draft unsaved and shows rows, row count and timing.
 */
export default function DatasetEditorPage(): JSX.Element {
  const route = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const errors = createFormErrors();
  const [draft, setDraft] = createSignal<Draft>(empty());
  const [values, setValues] = createSignal<ParamValues>({});
  const [preview, setPreview] = createSignal<DatasetPreview | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [sources] = createResource(() => datasourcesApi.list());
  createResource(() => route.id, async (id) => {
    const d = await datasetsApi.get(id);
    setDraft({ ...empty(), ...d, sql: d.sql ?? "", builder: d.builder ?? emptyBuilder() });
    return d;
  });
  const set = (patch: Partial<Draft>) => setDraft({ ...draft(), ...patch });
  const input = (): DatasetInput => {
    const d = draft();
    // only the writable fields: the API refuses the ones it keeps (id, created_at, …)
    return {
      name: d.name, description: d.description, datasource_id: d.datasource_id, mode: d.mode, params: d.params, columns: d.columns, row_filters: d.row_filters,
      sql: d.mode === "sql" ? d.sql : null, builder: d.mode === "builder" ? d.builder : null,
    };
  };
  const runPreview = async () => {
    setBusy(true);
    try {
      setPreview(await datasetsApi.previewDraft(input(), values()));
      errors.clear();
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    setBusy(true);
    try {
      const saved = route.id ? await datasetsApi.update(route.id, input()) : await datasetsApi.create(input());
      notify.success(tr("common.saved"));
      setDraft({ ...draft(), columns: saved.columns });
      if (!route.id) navigate(`/reports/datasets/${encodeURIComponent(saved.id)}`, { replace: true });
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  const d = draft;
  return (
    <section class="page rpt-page" data-testid="dataset-editor">
      <PageHeader title={route.id ? d().name : tr("reports.ds.new")} subtitle={tr("reports.ds.editor_subtitle")}
        actions={<Button variant="primary" loading={busy()} onClick={() => void save()} data-testid="dataset-save">{tr("common.save")}</Button>} />
      <div class="rpt-designer">
        <div class="card rpt-card rpt-form">
          <Select label={tr("reports.ds.datasource")} name="datasource_id" required value={d().datasource_id} error={errors.of("datasource_id")}
            options={(sources() ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.type})` }))} onChange={(v) => set({ datasource_id: v })} />
          <TextField label={tr("reports.ds.name")} name="name" required value={d().name} disabled={!!route.id} error={errors.of("name")} description={tr("reports.d.name_hint")} onChange={(v) => set({ name: v })} />
          <TextField label={tr("reports.d.description")} name="description" value={d().description} onChange={(v) => set({ description: v })} />
          <Tabs value={d().mode} onChange={(v) => set({ mode: v as Draft["mode"] })} tabs={[
            { value: "sql", label: tr("reports.ds.mode_sql"), render: () => (
              <CodeField name="sql" label="SQL" language="sql" value={d().sql} error={errors.of("sql")} description={tr("reports.ds.sql_hint")} onChange={(v) => set({ sql: v })} />
            ) },
            { value: "builder", label: tr("reports.ds.mode_builder"), render: () => (
              <DatasetBuilderForm datasourceId={d().datasource_id} value={d().builder} errors={errors} onChange={(b) => set({ builder: b })} />
            ) },
          ]} />
          <fieldset class="rpt-rows">
            <legend class="field__label">{tr("reports.ds.params")}</legend>
            <Index each={d().params}>
              {(p, i) => (
                <div class="rpt-row" data-testid="dataset-param">
                  <TextField label={tr("reports.ds.param_name")} name={`params[${i}].name`} value={p().name} error={errors.of(`params[${i}].name`)} onChange={(v) => set({ params: d().params.map((x, j) => (j === i ? { ...x, name: v } : x)) })} />
                  <Select label={tr("reports.ds.param_type")} name={`params[${i}].type`} value={p().type} options={PARAM_TYPES.map((t) => ({ value: t, label: t }))} onChange={(v) => set({ params: d().params.map((x, j) => (j === i ? { ...x, type: v as typeof x.type } : x)) })} />
                  <TextField label={tr("reports.d.label")} name={`params[${i}].label`} value={p().label ?? ""} onChange={(v) => set({ params: d().params.map((x, j) => (j === i ? { ...x, label: v || undefined } : x)) })} />
                  <TextField label={tr("reports.d.default")} name={`params[${i}].default`} value={p().default ?? ""} onChange={(v) => set({ params: d().params.map((x, j) => (j === i ? { ...x, default: v || undefined } : x)) })} />
                  <TextField label={tr("reports.ds.try_value")} name={`try.${p().name}`} value={String(values()[p().name] ?? "")} onChange={(v) => setValues({ ...values(), [p().name]: v })} />
                  <Button size="sm" variant="ghost" onClick={() => set({ params: d().params.filter((_, j) => j !== i) })}>{tr("common.delete")}</Button>
                </div>
              )}
            </Index>
            <Button size="sm" onClick={() => set({ params: [...d().params, { name: "", type: "string" }] })} data-testid="dataset-param-add">{tr("reports.ds.param_add")}</Button>
          </fieldset>
          <Show when={d().columns.length > 0}>
            <fieldset class="rpt-rows">
              <legend class="field__label">{tr("reports.ds.columns")}</legend>
              <Index each={d().columns}>
                {(c, i) => (
                  <div class="rpt-row" data-testid="dataset-column" data-column={c().name}>
                    <span>{c().name} <span class="muted">{c().type}</span></span>
                    <TextField label={tr("reports.d.label")} name={`columns[${i}].label`} value={c().label ?? ""} onChange={(v) => set({ columns: d().columns.map((x, j) => (j === i ? { ...x, label: v || undefined } : x)) })} />
                    <Select label={tr("reports.ds.mask")} name={`columns[${i}].mask`} value={c().mask ?? ""} emptyLabel={tr("reports.d.none")} options={MASK_KINDS.map((m) => ({ value: m, label: tr(`reports.mask_${m}`) }))}
                      onChange={(v) => set({ columns: d().columns.map((x, j) => (j === i ? { ...x, mask: (v || undefined) as typeof x.mask } : x)) })} />
                  </div>
                )}
              </Index>
            </fieldset>
          </Show>
          <fieldset class="rpt-rows">
            <legend class="field__label">{tr("reports.ds.row_filters")}</legend>
            <Index each={d().row_filters}>
              {(f, i) => (
                <div class="rpt-row" data-testid="dataset-row-filter">
                  <TextField label={tr("reports.d.column")} name={`row_filters[${i}].column`} value={f().column} error={errors.of(`row_filters[${i}].column`)} onChange={(v) => set({ row_filters: d().row_filters.map((x, j) => (j === i ? { ...x, column: v } : x)) })} />
                  <Select label={tr("reports.ds.rf_source")} name={`row_filters[${i}].source`} value={f().source} options={["dept", "dept_attr", "user"].map((s) => ({ value: s, label: tr(`reports.rf_${s}`) }))}
                    onChange={(v) => set({ row_filters: d().row_filters.map((x, j) => (j === i ? { ...x, source: v as typeof x.source } : x)) })} />
                  <Show when={f().source === "dept_attr"}>
                    <TextField label={tr("reports.ds.rf_attr")} name={`row_filters[${i}].attr`} value={f().attr ?? ""} onChange={(v) => set({ row_filters: d().row_filters.map((x, j) => (j === i ? { ...x, attr: v } : x)) })} />
                  </Show>
                  <Button size="sm" variant="ghost" onClick={() => set({ row_filters: d().row_filters.filter((_, j) => j !== i) })}>{tr("common.delete")}</Button>
                </div>
              )}
            </Index>
            <Button size="sm" onClick={() => set({ row_filters: [...d().row_filters, { column: "", source: "dept_attr", attr: "region" }] })}>{tr("reports.ds.rf_add")}</Button>
          </fieldset>
        </div>
        <aside class="card rpt-card">
          <Button variant="secondary" loading={busy()} onClick={() => void runPreview()} data-testid="dataset-preview-run">{tr("reports.ds.preview")}</Button>
          <Show when={preview()}>{(p) => <PreviewTable preview={p()} />}</Show>
        </aside>
      </div>
    </section>
  );
}
