import { createSignal, For, Show, type JSX } from "solid-js";
import type { Datasource, UploadPreview } from "../../data/reports.ts";
import { uploadsApi, type UploadMode } from "../../data/report-uploads.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";

/**
 * Upload a CSV/XLSX as a datasource (or again onto one: replace or append). Picking a file shows the
 * inferred columns and first rows (nothing stored yet); 确认上传 sends it with a progress bar.
 */
export function UploadDialog(props: { open: boolean; target: Datasource | null; onClose: () => void; onDone: (d: Datasource) => void }): JSX.Element {
  const errors = createFormErrors();
  const [file, setFile] = createSignal<File | null>(null);
  const [name, setName] = createSignal("");
  const [mode, setMode] = createSignal<UploadMode>("replace");
  const [preview, setPreview] = createSignal<UploadPreview | null>(null);
  const [progress, setProgress] = createSignal<number | null>(null);
  const reset = () => {
    setFile(null);
    setPreview(null);
    setProgress(null);
    setName("");
    errors.clear();
  };
  const pick = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    if (!f) return;
    if (!name()) setName(f.name.replace(/\.[^.]+$/, ""));
    try {
      setPreview(await uploadsApi.preview(f));
      errors.clear();
    } catch (e) {
      errors.fail(e);
    }
  };
  const send = async () => {
    const f = file();
    if (!f) return;
    setProgress(0);
    try {
      const d = props.target ? await uploadsApi.reupload(props.target.id, f, mode(), setProgress) : await uploadsApi.create(f, name().trim(), setProgress);
      notify.success(tr("reports.src.uploaded", { rows: d.upload?.rows ?? "" }));
      props.onDone(d);
      reset();
    } catch (e) {
      setProgress(null);
      errors.fail(e);
    }
  };
  return (
    <Dialog open={props.open} onOpenChange={(o) => { if (!o) { reset(); props.onClose(); } }} size="lg" testid="upload-dialog"
      title={props.target ? tr("reports.src.reupload_title", { name: props.target.name }) : tr("reports.src.upload_title")}
      onSubmit={() => void send()}
      footer={<Button variant="primary" type="submit" disabled={!preview() || progress() !== null} data-testid="upload-confirm">{tr("reports.src.upload_confirm")}</Button>}>
      <div class="rpt-form">
        <label class="field">
          <span class="field__label">{tr("reports.src.file")}</span>
          <input type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" data-testid="upload-file"
            onChange={(e) => void pick(e.currentTarget.files?.[0] ?? null)} />
          <Show when={errors.of("file")}><span class="field__error">{errors.of("file")}</span></Show>
        </label>
        <Show when={!props.target} fallback={
          <Select label={tr("reports.src.mode")} name="mode" value={mode()} options={[{ value: "replace", label: tr("reports.src.mode_replace") }, { value: "append", label: tr("reports.src.mode_append") }]} onChange={(v) => setMode(v as UploadMode)} />
        }>
          <TextField label={tr("reports.src.name")} name="name" required value={name()} error={errors.of("name")} onChange={setName} />
        </Show>
        <Show when={progress() !== null}>
          <progress class="rpt-progress" max={100} value={progress() ?? 0} data-testid="upload-progress" aria-label={tr("reports.src.progress")} />
          <span class="muted" data-testid="upload-progress-text">{progress()}%</span>
        </Show>
        <Show when={preview()}>
          {(p) => (
            <div data-testid="upload-preview">
              <p class="muted">{tr("reports.src.inferred", { count: p().columns.length })}</p>
              <div class="table-wrap rpt-preview-table">
                <table class="table rpt-grid">
                  <thead>
                    <tr><For each={p().columns}>{(c) => <th data-testid="upload-column" data-type={c.type}>{c.label}<br /><span class="muted">{c.name} · {tr(`reports.type_${c.type}`)}</span></th>}</For></tr>
                  </thead>
                  <tbody>
                    <For each={p().rows.slice(0, 20)}>{(row) => <tr><For each={p().columns}>{(c) => <td>{row[c.name] === null || row[c.name] === undefined ? "—" : String(row[c.name])}</td>}</For></tr>}</For>
                  </tbody>
                </table>
              </div>
            </div>
          )}
        </Show>
      </div>
    </Dialog>
  );
}
