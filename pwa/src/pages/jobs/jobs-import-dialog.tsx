import { createSignal, For, Show, type JSX } from "solid-js";
import { jobsApi, type ImportResult } from "../../data/jobs.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";

/**
 * Import a YAML export: pick the file (or paste), check it first (dry run: what each entry would do,
 * or every error as `jobs.<n>.<field>`), then apply: all entries or none.
 */
export function JobsImportDialog(props: { onClose: () => void; onImported: () => void }): JSX.Element {
  const [yaml, setYaml] = createSignal("");
  const [mode, setMode] = createSignal<"create" | "upsert">("create");
  const [report, setReport] = createSignal<ImportResult | null>(null);
  const [busy, setBusy] = createSignal<"check" | "apply" | null>(null);
  const [problems, setProblems] = createSignal<Array<{ field: string; message: string }>>([]);
  const errors = createFormErrors();
  const send = async (dryRun: boolean) => {
    setBusy(dryRun ? "check" : "apply");
    setProblems([]);
    try {
      const r = await jobsApi.importYaml(yaml(), mode(), dryRun);
      errors.clear();
      setReport(r);
      if (!dryRun) {
        notify.success(tr("jobs.import_done", { n: r.items.length }));
        props.onImported();
        props.onClose();
      }
    } catch (e) {
      setReport(null);
      errors.fail(e);
      const list = (e as { errors?: Array<{ field: string; message: string }> }).errors;
      setProblems(Array.isArray(list) ? list : []);
    } finally {
      setBusy(null);
    }
  };
  const pickFile = async (file: File | undefined) => {
    if (file) setYaml(await file.text());
    setReport(null);
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && props.onClose()}
      title={tr("jobs.import_title")}
      size="lg"
      testid="jobs-import"
      footer={
        <>
          <Button onClick={props.onClose}>{tr("common.cancel")}</Button>
          <Button onClick={() => send(true)} loading={busy() === "check"} data-testid="jobs-import-check">{tr("jobs.import_check")}</Button>
          <Button variant="primary" onClick={() => send(false)} loading={busy() === "apply"} data-testid="jobs-import-apply">{tr("jobs.import_apply")}</Button>
        </>
      }
    >
      <div class="form">
        <label class="field">
          <span class="field__label">{tr("jobs.import_file")}</span>
          <input type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={(e) => void pickFile(e.currentTarget.files?.[0])} />
        </label>
        <TextField label={tr("jobs.import_yaml")} name="yaml" multiline value={yaml()} onChange={(v) => { setYaml(v); setReport(null); }} error={errors.of("yaml")} />
        <Select
          label={tr("jobs.import_mode")}
          name="mode"
          value={mode()}
          options={[{ value: "create", label: tr("jobs.import_mode_create") }, { value: "upsert", label: tr("jobs.import_mode_upsert") }]}
          onChange={(v) => setMode(v === "upsert" ? "upsert" : "create")}
        />
        <Show when={report()}>
          {(r) => (
            <div class="import-report" data-testid="jobs-import-report">
              <p>{tr("jobs.import_report", { n: r().items.length })}</p>
              <ul>
                <For each={r().items}>{(item) => <li>{item.name}: {tr(`jobs.import_action.${item.action}`)}</li>}</For>
              </ul>
            </div>
          )}
        </Show>
        <Show when={problems().length}>
          <ul class="import-report__errors" data-testid="jobs-import-errors">
            <For each={problems()}>{(p) => <li><code>{p.field}</code> {p.message}</li>}</For>
          </ul>
        </Show>
      </div>
    </Dialog>
  );
}
