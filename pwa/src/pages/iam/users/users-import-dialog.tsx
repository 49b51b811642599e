import { createSignal, For, Match, Show, Switch, type JSX } from "solid-js";
import { usersApi, type ImportMode, type ImportReport, type ImportRowReport } from "../../../data/directory.ts";
import { can } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";
import { notifyError } from "../../../providers/toast.tsx";
import { saveBlob } from "../../audit/download.ts";
import { Button } from "../../../ui/button.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { Dialog } from "../../../ui/dialog.tsx";

/** The API's column keys → the users page's own labels. */
const COLUMN_LABEL: Record<string, string> = {
  username: "users.username", display_name: "users.display_name", department: "users.department", roles: "users.roles",
  email: "users.email", phone: "users.phone", status: "users.status", locale: "users.locale", password: "users.password",
};
const columnLabel = (column: string) => (COLUMN_LABEL[column] ? tr(COLUMN_LABEL[column]!) : column);

/**
 * 导入用户: download the template, pick a file, read the dry run's report row by row (a table on
 * desktop, cards on phones), then apply. Applying writes every row or none; generated initial
 * passwords are shown once, here.
 */
export function UsersImportDialog(props: { open: boolean; onClose: () => void; onImported: () => void }): JSX.Element {
  const [file, setFile] = createSignal<File | null>(null);
  const [mode, setMode] = createSignal<ImportMode>("create");
  const [report, setReport] = createSignal<ImportReport | null>(null);
  const [result, setResult] = createSignal<ImportReport | null>(null);
  const [busy, setBusy] = createSignal(false);
  const reset = () => {
    setFile(null);
    setReport(null);
    setResult(null);
  };
  const close = () => {
    reset();
    props.onClose();
  };
  const run = async (dryRun: boolean) => {
    const f = file();
    if (!f) return;
    setBusy(true);
    try {
      const answer = await usersApi.importFile(f, { dryRun, mode: mode() });
      if (dryRun) setReport(answer);
      else {
        setResult(answer);
        props.onImported();
      }
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  const template = async () => {
    try {
      const { blob, filename } = await usersApi.importTemplate();
      saveBlob(blob, filename);
    } catch (e) {
      notifyError(e);
    }
  };
  const applicable = () => {
    const r = report();
    return !!r && r.invalid === 0 && r.create + r.update > 0;
  };

  return (
    <Dialog open={props.open} onOpenChange={(o) => !o && close()} title={tr("users.import_title")} size="lg" testid="user-import-dialog"
      footer={
        <Switch>
          <Match when={result()}>
            <Button variant="primary" onClick={close} data-testid="import-close">{tr("common.done")}</Button>
          </Match>
          <Match when={report()}>
            <Button onClick={reset}>{tr("users.import_back")}</Button>
            <Button variant="primary" disabled={!applicable()} loading={busy()} onClick={() => run(false)} data-testid="import-apply">
              {tr("users.import_apply")}
            </Button>
          </Match>
          <Match when={true}>
            <Button onClick={close}>{tr("common.cancel")}</Button>
            <Button variant="primary" disabled={!file()} loading={busy()} onClick={() => run(true)} data-testid="import-check">{tr("users.import_check")}</Button>
          </Match>
        </Switch>
      }>
      <Switch>
        <Match when={result()}>{(r) => <ImportResult result={r()} />}</Match>
        <Match when={report()}>{(r) => <ImportReportView report={r()} />}</Match>
        <Match when={true}>
          <div class="import-form">
            <p class="muted">{tr("users.import_hint")}</p>
            <div>
              <Button variant="ghost" onClick={template} data-testid="import-template">{tr("users.import_template")}</Button>
            </div>
            <label class="field">
              <span class="field__label">{tr("users.import_file")}</span>
              <input type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" data-testid="import-file"
                onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
            </label>
            <Show when={can("iam:user:update")}>
              <fieldset class="field import-form__mode">
                <legend class="field__label">{tr("users.import_mode")}</legend>
                <For each={["create", "upsert"] as ImportMode[]}>
                  {(m) => (
                    <label class="row row--tight">
                      <input type="radio" name="import-mode" value={m} checked={mode() === m} onChange={() => setMode(m)} data-testid={`import-mode-${m}`} />
                      {tr(`users.import_mode_${m}`)}
                    </label>
                  )}
                </For>
              </fieldset>
            </Show>
          </div>
        </Match>
      </Switch>
    </Dialog>
  );
}

function ImportReportView(props: { report: ImportReport }): JSX.Element {
  const r = () => props.report;
  return (
    <div class="import-report">
      <p data-testid="import-summary">{tr("users.import_summary", { total: r().total, create: r().create, update: r().update, skip: r().skip, invalid: r().invalid })}</p>
      <Show when={r().invalid > 0}>
        <p class="field__error">{tr("users.import_fix_first")}</p>
      </Show>
      <DataTable<ImportRowReport>
        testid="import-report"
        items={r().rows}
        rowKey={(row) => String(row.row)}
        columns={[
          { key: "row", header: tr("users.import_row"), render: (row) => row.row },
          { key: "user", header: tr("users.username"), primary: true, render: (row) => <span class="cell-stack"><strong>{row.username || "—"}</strong><span class="muted">{row.display_name}</span></span> },
          { key: "action", header: tr("users.import_action"), render: (row) => <ActionBadge row={row} /> },
          {
            key: "problems", header: tr("users.import_problems"), class: "table__wrap",
            render: (row) => (
              <Show when={row.errors.length > 0} fallback={<span class="muted">{row.changes.map(columnLabel).join("、")}</span>}>
                <ul class="import-report__errors">
                  <For each={row.errors}>{(e) => <li data-column={e.column}>{columnLabel(e.column)}：{e.message}</li>}</For>
                </ul>
              </Show>
            ),
          },
        ]}
      />
    </div>
  );
}

function ActionBadge(props: { row: ImportRowReport }): JSX.Element {
  const tone = () => (props.row.errors.length ? "badge--danger" : props.row.action === "skip" ? "badge--muted" : "badge--ok");
  return (
    <span class={`badge ${tone()}`} data-testid="import-action">
      {props.row.errors.length ? tr("users.import_error") : tr(`users.import_action_${props.row.action}`)}
    </span>
  );
}

function ImportResult(props: { result: ImportReport }): JSX.Element {
  return (
    <div class="import-report" data-testid="import-result">
      <p>{tr("users.import_done", { create: props.result.create, update: props.result.update, skip: props.result.skip })}</p>
      <Show when={props.result.passwords.length > 0}>
        <p>{tr("users.import_passwords")}</p>
        <ul class="recovery__list import-report__passwords">
          <For each={props.result.passwords}>
            {(p) => <li class="secret" data-testid="import-password" data-username={p.username}>{p.username} <code>{p.initial_password}</code></li>}
          </For>
        </ul>
      </Show>
    </div>
  );
}
