import "./texts.ts";
import { A } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { metricsApi, reportsApi, type Metric, type MetricInput } from "../../data/reports.ts";
import { can } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { ReportsNav } from "./reports-nav.tsx";
import "./reports.css";

const blank = (): MetricInput => ({ name: "", title: "", definition: "", sql: null, dataset_id: null, column: null, unit: "", refresh: "", tags: [] });

/** One metric: its 计算口径, source, unit, refresh and the reports that use it; editable with reports:manage. */
function MetricDialog(props: { metric: Metric | null; creating: boolean; onClose: () => void; onSaved: () => void }): JSX.Element {
  const errors = createFormErrors();
  const [edit, setEdit] = createSignal(false);
  const [d, setD] = createSignal<MetricInput>(blank());
  const [busy, setBusy] = createSignal(false);
  const [reports] = createResource(() => (props.metric?.report_ids.length ? props.metric.report_ids : null), () => reportsApi.list().then((p) => p.items).catch(() => []));
  createEffect(() => {
    const m = props.metric;
    setEdit(props.creating);
    setD(m ? { name: m.name, title: m.title, definition: m.definition, sql: m.sql, dataset_id: m.dataset_id, column: m.column, unit: m.unit, refresh: m.refresh, tags: m.tags } : blank());
    errors.clear();
  });
  const set = (patch: Partial<MetricInput>) => setD({ ...d(), ...patch });
  const save = async () => {
    setBusy(true);
    try {
      if (props.metric) await metricsApi.update(props.metric.id, d());
      else await metricsApi.create(d());
      notify.success(tr("common.saved"));
      props.onSaved();
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  const open = () => props.creating || !!props.metric;
  return (
    <Dialog open={open()} onOpenChange={(o) => !o && props.onClose()} title={props.metric?.title ?? tr("reports.m.new")} size="lg" testid="metric-dialog" onSubmit={edit() ? () => void save() : undefined}
      footer={
        <Show when={can("reports:manage")}>
          <Show when={edit()} fallback={<Button onClick={() => setEdit(true)} data-testid="metric-edit">{tr("common.edit")}</Button>}>
            <Button variant="primary" type="submit" loading={busy()} data-testid="metric-save">{tr("common.save")}</Button>
          </Show>
        </Show>
      }>
      <Show when={edit()} fallback={
        <dl class="rpt-form" data-testid="metric-detail">
          <dt class="field__label">{tr("reports.m.definition")}</dt>
          <dd class="rpt-definition" data-testid="metric-definition">{props.metric?.definition}</dd>
          <Show when={props.metric?.sql}><dt class="field__label">SQL</dt><dd><code>{props.metric?.sql}</code></dd></Show>
          <Show when={props.metric?.column}><dt class="field__label">{tr("reports.m.field")}</dt><dd>{props.metric?.column}</dd></Show>
          <dt class="field__label">{tr("reports.m.unit")} · {tr("reports.m.refresh")}</dt>
          <dd>{props.metric?.unit || "—"} · {props.metric?.refresh || "—"}</dd>
          <dt class="field__label">{tr("reports.m.reports")}</dt>
          <dd data-testid="metric-reports">
            <Show when={props.metric?.report_ids.length} fallback="—">
              <For each={props.metric?.report_ids ?? []}>
                {(id) => <A href={`/reports/${encodeURIComponent(id)}`} class="badge badge--menu">{reports()?.find((r) => r.id === id)?.title ?? id}</A>}
              </For>
            </Show>
          </dd>
        </dl>
      }>
        <div class="rpt-form">
          <TextField label={tr("reports.m.name")} name="name" required value={d().name} disabled={!!props.metric} error={errors.of("name")} onChange={(v) => set({ name: v })} />
          <TextField label={tr("reports.m.title_label")} name="title" required value={d().title} error={errors.of("title")} onChange={(v) => set({ title: v })} />
          <TextField label={tr("reports.m.definition")} name="definition" multiline required value={d().definition} error={errors.of("definition")} onChange={(v) => set({ definition: v })} />
          <TextField label="SQL" name="sql" multiline value={d().sql ?? ""} error={errors.of("sql")} onChange={(v) => set({ sql: v || null })} />
          <TextField label={tr("reports.m.field")} name="column" value={d().column ?? ""} error={errors.of("column")} onChange={(v) => set({ column: v || null })} />
          <TextField label={tr("reports.m.unit")} name="unit" value={d().unit} onChange={(v) => set({ unit: v })} />
          <TextField label={tr("reports.m.refresh")} name="refresh" value={d().refresh} onChange={(v) => set({ refresh: v })} />
          <TextField label={tr("reports.m.tags")} name="tags" value={d().tags.join(", ")} onChange={(v) => set({ tags: v.split(/[,，]/).map((t) => t.trim()).filter(Boolean) })} />
        </div>
      </Show>
    </Dialog>
  );
}

/** `/reports/metrics`: the metric dictionary (指标字典), searched on the server. */
export default function MetricsPage(): JSX.Element {
  const [q, setQ] = createSignal("");
  const [applied, setApplied] = createSignal("");
  const [list, { refetch }] = createResource(applied, (needle) => metricsApi.list({ q: needle || undefined }));
  const [open, setOpen] = createSignal<Metric | null>(null);
  const [creating, setCreating] = createSignal(false);
  return (
    <section class="page rpt-page" data-testid="metrics-page">
      <PageHeader title={tr("reports.m.title")} subtitle={tr("reports.m.subtitle")}
        actions={<Show when={can("reports:manage")}><Button variant="primary" onClick={() => setCreating(true)} data-testid="metric-create">{tr("reports.m.new")}</Button></Show>} />
      <ReportsNav />
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); setApplied(q().trim()); }}>
        <TextField label={tr("reports.search")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("reports.m.search_placeholder")} />
        <button type="submit" class="btn btn--secondary btn--md" data-testid="metrics-search">{tr("common.search")}</button>
      </form>
      <ResourceView resource={list} retry={refetch}>
        {(items) => (
          <ul class="rpt-cards" data-testid="metrics-list">
            <For each={items()} fallback={<li class="state">{tr("reports.m.empty")}</li>}>
              {(m) => (
                <li class="card rpt-card-item" data-testid="metric-item" data-name={m.name}>
                  <button type="button" class="rpt-card-item__body link-plain" onClick={() => setOpen(m)} data-testid="metric-open">
                    <strong>{m.title} <span class="muted">{m.name}</span></strong>
                    <span class="muted">{m.definition.slice(0, 80)}</span>
                    <span>{m.tags.map((t) => <span class="badge badge--muted">{t}</span>)}</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        )}
      </ResourceView>
      <MetricDialog metric={open()} creating={creating()} onClose={() => { setOpen(null); setCreating(false); }} onSaved={() => { setOpen(null); setCreating(false); void refetch(); }} />
    </section>
  );
}
