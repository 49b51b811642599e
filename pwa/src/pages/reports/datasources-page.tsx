import "./texts.ts";
import { createEffect, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { DATASOURCE_TYPES, datasourcesApi, type Datasource, type DatasourceInput } from "../../data/reports.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Select } from "../../ui/select.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { ReportsNav } from "./reports-nav.tsx";
import { UploadDialog } from "./upload-dialog.tsx";
import "./reports.css";

function Health(props: { d: Datasource }): JSX.Element {
  const h = () => props.d.health;
  return (
    <span class={h() ? (h()!.ok ? "rpt-health--ok" : "rpt-health--bad") : "muted"} data-testid="datasource-health" data-ok={h()?.ok ? "1" : "0"} title={h()?.error ?? ""}>
      {h() ? (h()!.ok ? tr("reports.src.healthy", { ms: h()!.ms ?? "—" }) : tr("reports.src.unhealthy")) : tr("reports.src.untested")}
      <Show when={h()}> <span class="muted">{formatTime(h()!.checked_at)}</span></Show>
    </span>
  );
}

/** Create or edit a connection: type, URL (the password comes back masked; sent back masked it is kept), 测试连接. */
function SourceDialog(props: { open: boolean; source: Datasource | null; onClose: () => void; onSaved: () => void }): JSX.Element {
  const errors = createFormErrors();
  const [name, setName] = createSignal("");
  const [type, setType] = createSignal<DatasourceInput["type"]>("postgres");
  const [url, setUrl] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const init = () => {
    setName(props.source?.name ?? "");
    setType(props.source?.type ?? "postgres");
    setUrl(props.source?.url ?? "");
    errors.clear();
  };
  createEffect(() => props.open && init());
  // the URL field is hidden for the built-in store: a URL typed before the type changed is not sent (the API refuses one)
  const input = (): DatasourceInput => ({ name: name().trim(), type: type(), url: type() === "store" ? undefined : url().trim() || undefined });
  const test = async () => {
    setBusy(true);
    try {
      const h = props.source ? await datasourcesApi.test(props.source.id) : await datasourcesApi.testUnsaved(input());
      if (h.ok) notify.success(tr("reports.src.test_ok", { ms: h.ms ?? "—", version: h.version ?? "" }));
      else notify.error(h.error ?? tr("reports.src.unhealthy"));
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    setBusy(true);
    try {
      if (props.source) await datasourcesApi.update(props.source.id, input());
      else await datasourcesApi.create(input());
      notify.success(tr("common.saved"));
      props.onSaved();
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={props.open} onOpenChange={(o) => !o && props.onClose()} title={props.source ? props.source.name : tr("reports.src.new")} testid="datasource-dialog" onSubmit={() => void save()}
      footer={<><Button onClick={() => void test()} loading={busy()} data-testid="datasource-test">{tr("reports.src.test")}</Button><Button variant="primary" type="submit" loading={busy()}>{tr("common.save")}</Button></>}>
      <div class="rpt-form">
        <TextField label={tr("reports.src.name")} name="name" required value={name()} error={errors.of("name")} onChange={setName} />
        <Select label={tr("reports.src.type")} name="type" value={type()} options={DATASOURCE_TYPES.filter((t) => t !== "upload").map((t) => ({ value: t, label: tr(`reports.src.type_${t}`) }))} onChange={(v) => setType(v as DatasourceInput["type"])} />
        <Show when={type() !== "store"}>
          <TextField label={tr("reports.src.url")} name="url" required value={url()} error={errors.of("url")} description={tr("reports.src.url_hint")} onChange={setUrl} />
        </Show>
      </div>
    </Dialog>
  );
}

/** `/reports/datasources` (reports:datasource): connections and uploaded files with their health. */
export default function DatasourcesPage(): JSX.Element {
  const [list, { refetch }] = createResource(() => datasourcesApi.list());
  const [editing, setEditing] = createSignal<Datasource | null | undefined>(undefined);
  const [upload, setUpload] = createSignal<Datasource | null | undefined>(undefined);
  const test = async (d: Datasource) => {
    try {
      const h = await datasourcesApi.test(d.id);
      if (h.ok) notify.success(tr("reports.src.test_ok", { ms: h.ms ?? "—", version: h.version ?? "" }));
      else notify.error(h.error ?? tr("reports.src.unhealthy"));
      void refetch();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <section class="page rpt-page" data-testid="datasources-page">
      <PageHeader title={tr("reports.src.title")} subtitle={tr("reports.src.subtitle")} actions={
        <>
          <Button onClick={() => setUpload(null)} data-testid="datasource-upload">{tr("reports.src.upload")}</Button>
          <Button variant="primary" onClick={() => setEditing(null)} data-testid="datasource-create">{tr("reports.src.new")}</Button>
        </>
      } />
      <ReportsNav />
      <ResourceView resource={list} retry={refetch}>
        {(items) => (
          <div class="table-wrap">
            <table class="table" data-testid="datasources-table">
              <thead><tr><th>{tr("reports.src.name")}</th><th>{tr("reports.src.type")}</th><th>{tr("reports.src.url")}</th><th>{tr("reports.src.health")}</th><th>{tr("common.actions")}</th></tr></thead>
              <tbody>
                <For each={items()} fallback={<tr class="table__empty"><td colSpan={5}>{tr("reports.src.empty")}</td></tr>}>
                  {(d) => (
                    <tr class="table__row" data-testid="datasource-item" data-name={d.name}>
                      <td class="table__primary" data-label={tr("reports.src.name")}><strong>{d.name}</strong></td>
                      <td data-label={tr("reports.src.type")}>{tr(`reports.src.type_${d.type}`)}</td>
                      <td data-label={tr("reports.src.url")}><code>{d.upload ? tr("reports.src.upload_info", { file: d.upload.file_name, rows: d.upload.rows }) : d.url ?? "—"}</code></td>
                      <td data-label={tr("reports.src.health")}><Health d={d} /></td>
                      <td class="table__actions row-actions">
                        <Button size="sm" onClick={() => void test(d)}>{tr("reports.src.test")}</Button>
                        <Show when={d.type === "upload"} fallback={<Button size="sm" variant="ghost" onClick={() => setEditing(d)}>{tr("common.edit")}</Button>}>
                          <Button size="sm" variant="ghost" onClick={() => setUpload(d)} data-testid="datasource-reupload">{tr("reports.src.reupload")}</Button>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </ResourceView>
      <SourceDialog open={editing() !== undefined} source={editing() ?? null} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); void refetch(); }} />
      <UploadDialog open={upload() !== undefined} target={upload() ?? null} onClose={() => setUpload(undefined)} onDone={() => { setUpload(undefined); void refetch(); }} />
    </section>
  );
}
