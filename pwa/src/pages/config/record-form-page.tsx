import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { configApi, type ConfigChangeSet, type ConfigRecord, type ConfigTable, type WriteResult } from "../../data/config.ts";
import { isApiError } from "../../data/api-error.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfigFieldEditor, draftOf, emptyDraft, toValues, type Draft } from "../../ui/config-fields/index.ts";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { createConfigErrors } from "./form-errors.ts";
import "./config.css";

type Loaded = { table: ConfigTable; record: ConfigRecord | null };

/**
 * `/config/<table>/records/new` and `/config/<table>/records/<key>`: the generated edit form, one
 * editor per field type. Every write carries a reason; an edit sends only the changed fields with
 * If-Match (the version read), so a stale form gets 409 and offers a reload. An approval table
 * answers 202 with a change set: the form says 已提交审批 and links to it.
 */
export default function RecordFormPage(): JSX.Element {
  const params = useParams<{ table: string; key?: string }>();
  const [loaded, { refetch }] = createResource(
    () => ({ table: params.table, key: params.key }),
    async ({ table, key }): Promise<Loaded> => {
      const [t, r] = await Promise.all([configApi.table(table), key ? configApi.record(table, key) : Promise.resolve(null)]);
      return { table: t, record: r };
    },
  );
  return (
    <section class="page" data-testid="config-record-page">
      <Show when={loaded.error}><ErrorState error={loaded.error} retry={refetch} /></Show>
      <Show when={loaded()} keyed fallback={<Show when={!loaded.error}><Loading /></Show>}>
        {(l) => <RecordForm table={l.table} record={l.record} reload={() => void refetch()} />}
      </Show>
    </section>
  );
}

function RecordForm(props: { table: ConfigTable; record: ConfigRecord | null; reload: () => void }): JSX.Element {
  const navigate = useNavigate();
  const t = props.table;
  const initial: Draft = props.record ? draftOf(t.fields, props.record.values) : emptyDraft(t.fields);
  const [draft, setDraft] = createSignal<Draft>({ ...initial });
  const [reason, setReason] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [conflict, setConflict] = createSignal(false);
  const [proposed, setProposed] = createSignal<ConfigChangeSet | null>(null);
  const [deleting, setDeleting] = createSignal(false);
  const errors = createConfigErrors();
  const editable = () => can("config:edit");
  const listHref = `/config/${encodeURIComponent(t.name)}`;

  const done = (res: WriteResult, message: string) => {
    if (res.kind === "proposed") {
      setProposed(res.changeSet);
      notify.info(tr("config.submitted_for_approval"));
    } else {
      notify.success(message);
      navigate(listHref);
    }
  };
  const fail = (e: unknown) => {
    if (isApiError(e) && e.status === 409) setConflict(true);
    errors.fail(e);
  };
  const needReason = () => {
    if (reason().trim()) return false;
    errors.set({ reason: tr("config.reason_required") });
    return true;
  };
  const save = async () => {
    errors.clear();
    setConflict(false);
    const { values, problems } = toValues(t.fields, draft(), props.record ? initial : undefined);
    if (!reason().trim()) problems.reason = tr("config.reason_required");
    if (Object.keys(problems).length) return errors.set(problems);
    setBusy(true);
    try {
      const res = props.record
        ? await configApi.updateRecord(t.name, props.record.key, values, reason().trim(), props.record.version)
        : await configApi.createRecord(t.name, values, reason().trim());
      done(res, tr("common.saved"));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    try {
      done(await configApi.removeRecord(t.name, props.record!.key, reason().trim()), tr("common.deleted"));
    } catch (e) {
      fail(e);
    } finally {
      setDeleting(false);
    }
  };
  const title = () => (props.record ? tr("config.record_edit", { key: props.record.key }) : tr("config.record_new_in", { name: t.display_name }));
  return (
    <form class="form cfg-record" data-testid="config-record-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <PageHeader title={title()} subtitle={t.display_name}
        actions={<A class="btn btn--secondary btn--md" href={listHref} data-testid="record-back">{tr("config.back_to_list")}</A>} />
      <Show when={t.needs_approval}>
        <p class="alert alert--warn">{tr("config.approval_notice")}</p>
      </Show>
      <Show when={conflict()}>
        <div class="alert alert--error" role="alert" data-testid="record-conflict">
          <span>{tr("config.conflict")}</span>
          <div><Button size="sm" onClick={() => props.reload()} data-testid="record-reload">{tr("config.reload")}</Button></div>
        </div>
      </Show>
      <Show when={proposed()}>
        {(cs) => (
          <div class="alert alert--info" role="status" data-testid="record-proposed">
            <strong>{tr("config.submitted_for_approval")}</strong>
            <span>{tr("config.submitted_hint")} <A href={`/config/change-sets/${encodeURIComponent(cs().id)}`} data-testid="change-set-link">{tr("config.view_change_set")}</A></span>
          </div>
        )}
      </Show>
      <div class="card form">
        <Show when={props.record}>
          {(r) => <p class="muted cfg-record__meta">{tr("config.record_meta", { version: r().version, who: r().updated_by_name ?? r().updated_by, at: formatTime(r().updated_at) })}</p>}
        </Show>
        <For each={t.fields}>
          {(f) => (
            <div class="cfg-record__field" data-type={f.type}>
              <ConfigFieldEditor table={t.name} field={f} value={draft()[f.key]} error={errors.of(`values.${f.key}`)}
                disabled={!editable() || !!proposed() || (!!props.record && f.key === t.key_field)}
                onChange={(v) => setDraft((d) => (JSON.stringify(d[f.key]) === JSON.stringify(v) ? d : { ...d, [f.key]: v }))} />
            </div>
          )}
        </For>
        <Show when={errors.of("values") && !t.fields.some((f) => errors.of(`values.${f.key}`))}>
          <span class="field__error" data-field="values">{errors.of("values")}</span>
        </Show>
      </div>
      <Show when={editable()}>
        <div class="card form">
          <TextField label={tr("config.reason")} name="reason" value={reason()} onChange={setReason} required multiline
            description={tr("config.reason_hint")} error={errors.of("reason")} />
          <div class="row">
            <Button type="submit" variant="primary" loading={busy()} disabled={!!proposed()} data-testid="record-save">
              {t.needs_approval ? tr("config.submit_for_approval") : tr("common.save")}
            </Button>
            <Show when={props.record}>
              <Button variant="danger" disabled={!!proposed()} data-testid="record-delete" onClick={() => !needReason() && setDeleting(true)}>{tr("common.delete")}</Button>
            </Show>
          </div>
        </div>
      </Show>
      <ConfirmDialog open={deleting()} onOpenChange={setDeleting} title={tr("common.delete")} danger
        message={tr("config.delete_confirm", { key: props.record?.key ?? "" })} onConfirm={remove} />
    </form>
  );
}
