import { A } from "@solidjs/router";
import { createSignal, Show, type JSX } from "solid-js";
import { configApi, type ConfigChangeSet, type ConfigTable, type ImportMode, type ImportReport } from "../../data/config.ts";
import { isApiError } from "../../data/api-error.ts";
import { tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";

type RowError = ImportReport["errors"][number];

/** The report of a dry run (or of a refused apply): counts plus one line per row problem. */
function reportOf(x: unknown): ImportReport | null {
  const o = (x ?? {}) as Partial<ImportReport> & { report?: ImportReport };
  const r = o.report ?? o;
  return typeof r.rows === "number" || Array.isArray(r.errors) ? { rows: 0, to_create: 0, to_update: 0, to_delete: 0, errors: [], ...r } : null;
}

/** A refused apply names rows as `rows[i].<field>` (or `rows.i.field`): back to row errors. */
function rowErrorsOf(e: unknown): RowError[] {
  if (!isApiError(e)) return [];
  return e.errors.map((x) => {
    const m = /^rows(?:\[(\d+)\]|\.(\d+))\.?(.*)$/.exec(x.field);
    return m ? { row: Number(m[1] ?? m[2]), field: m[3] ?? "", message: x.message } : { row: 0, field: x.field, message: x.message };
  });
}

/**
 * Import a CSV or Excel file (header row: field keys or labels): check it first (nothing stored: how many
 * rows would be created, updated, deleted, and every row's errors), then apply it with a reason — all
 * rows as one version, or none. An approval table's import becomes one change set.
 */
export function RecordsImportDialog(props: { table: ConfigTable; onClose: () => void; onImported: () => void }): JSX.Element {
  const [file, setFile] = createSignal<File | null>(null);
  const [mode, setMode] = createSignal<ImportMode>("upsert");
  const [reason, setReason] = createSignal("");
  const [report, setReport] = createSignal<ImportReport | null>(null);
  const [reasonError, setReasonError] = createSignal<string | undefined>();
  const [proposed, setProposed] = createSignal<ConfigChangeSet | null>(null);
  const [busy, setBusy] = createSignal<"check" | "apply" | null>(null);
  const send = async (dryRun: boolean) => {
    const f = file();
    if (!f) return notify.error(tr("config.import_pick"));
    if (!dryRun && !reason().trim()) return setReasonError(tr("config.reason_required"));
    setReasonError(undefined);
    setBusy(dryRun ? "check" : "apply");
    try {
      const out = await configApi.importFile(props.table.name, f, { mode: mode(), dryRun, reason: reason().trim() });
      // an approval table's import: 202 `{report, change_set}`
      const o = (out ?? {}) as { change_set?: ConfigChangeSet; report?: ImportReport };
      if (!dryRun && o.change_set) {
        setReport(reportOf(o.report));
        setProposed(o.change_set);
        props.onImported();
        return;
      }
      setReport(reportOf(out));
      if (!dryRun) {
        notify.success(tr("config.import_done"));
        props.onImported();
        props.onClose();
      }
    } catch (e) {
      const rows = rowErrorsOf(e);
      setReasonError(isApiError(e) ? e.fieldError("reason") : undefined);
      if (rows.length) setReport({ rows: 0, to_create: 0, to_update: 0, to_delete: 0, errors: rows.filter((r) => r.field !== "reason") });
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Dialog open onOpenChange={(o) => !o && props.onClose()} title={tr("config.import_title", { name: props.table.display_name })} size="lg" testid="records-import"
      footer={
        <>
          <Button onClick={props.onClose}>{tr("common.cancel")}</Button>
          <Button onClick={() => void send(true)} loading={busy() === "check"} data-testid="records-import-check">{tr("config.import_check")}</Button>
          <Button variant="primary" onClick={() => void send(false)} loading={busy() === "apply"} disabled={!!proposed()} data-testid="records-import-apply">{tr("config.import_apply")}</Button>
        </>
      }>
      <div class="form">
        <label class="field">
          <span class="field__label">{tr("config.import_file")}</span>
          <input type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" data-testid="records-import-file"
            onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); setReport(null); }} />
          <span class="field__hint">{tr("config.import_hint")}</span>
        </label>
        <Select label={tr("config.import_mode")} name="mode" value={mode()} onChange={(v) => { if (v !== mode()) { setMode(v === "replace" ? "replace" : "upsert"); setReport(null); } }}
          options={[{ value: "upsert", label: tr("config.import_mode.upsert") }, { value: "replace", label: tr("config.import_mode.replace") }]} />
        <TextField label={tr("config.reason")} name="reason" value={reason()} onChange={setReason} required error={reasonError()} />
        <Show when={proposed()}>
          {(cs) => (
            <p class="alert alert--info" data-testid="import-proposed">
              {tr("config.submitted_for_approval")} <A href={`/config/change-sets/${encodeURIComponent(cs().id)}`}>{tr("config.view_change_set")}</A>
            </p>
          )}
        </Show>
        <Show when={report()}>
          {(r) => (
            <div class="import-report" data-testid="records-import-report">
              <p>{tr("config.import_summary", { rows: r().rows, create: r().to_create, update: r().to_update, remove: r().to_delete, errors: r().errors.length })}</p>
              <Show when={r().errors.length}>
                <DataTable<RowError> testid="records-import-errors" items={r().errors} rowKey={(x) => `${x.row}:${x.field}:${x.message}`}
                  columns={[
                    { key: "row", header: tr("config.import_row"), render: (x) => x.row || "—" },
                    { key: "field", header: tr("config.import_field"), render: (x) => <code>{x.field || "—"}</code> },
                    { key: "message", header: tr("config.import_message"), primary: true, render: (x) => x.message },
                  ]} />
              </Show>
            </div>
          )}
        </Show>
      </div>
    </Dialog>
  );
}
