import { useNavigate } from "@solidjs/router";
import { createSignal, For, Show, type JSX } from "solid-js";
import { approvalDefinitionsApi } from "../../data/approval-definitions.ts";
import { isApiError } from "../../data/api-error.ts";
import { tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { RequiredMark } from "../../ui/required-mark.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { saveBlob } from "../audit/download.ts";

/**
 * BPMN 2.0 import and export. A server without them answers 404 (no such route; the definition
 * itself was just read): then both buttons hide for the rest of the page load and say why once.
 * No probe request: a refused probe would be an audited failure on every visit.
 */
const [missing, setMissing] = createSignal(false);
const isMissing = (e: unknown) => isApiError(e) && e.status === 404 && e.reason !== "approvals.definition_not_found";
function failed(e: unknown): void {
  if (!isMissing(e)) return notifyError(e);
  setMissing(true);
  notify.info(tr("apd.bpmn.unavailable"));
}

/**
 * Import BPMN: a .bpmn/.xml file, optionally with its own key and name (default: the file's process
 * id and name), becomes a new draft opened in the designer. The API's problems (a parse error's
 * line, elements outside the supported subset, a taken key) show in the dialog.
 */
export function BpmnImportButton(): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [file, setFile] = createSignal<File | null>(null);
  const [key, setKey] = createSignal("");
  const [name, setName] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  // problems of the file itself (a parse error's line, each element outside the subset), listed in full
  const [problems, setProblems] = createSignal<string[]>([]);
  const navigate = useNavigate();
  const upload = async () => {
    const f = file();
    if (!f) return;
    setBusy(true);
    try {
      const body = { xml: await f.text(), ...(key().trim() ? { key: key().trim() } : {}), ...(name().trim() ? { name: name().trim() } : {}) };
      const def = await approvalDefinitionsApi.importBpmn(body);
      setOpen(false);
      notify.success(tr("apd.bpmn.imported", { name: def.name }));
      navigate(`/approval-definitions/${def.id}`);
    } catch (e) {
      if (isMissing(e)) {
        setOpen(false);
        failed(e);
      } else {
        errors.fail(e);
        setProblems(isApiError(e) ? e.errors.filter((x) => x.field !== "key" && x.field !== "name").map((x) => x.message) : []);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={!missing()}>
      <Button onClick={() => { errors.clear(); setProblems([]); setOpen(true); }} data-testid="apd-bpmn-import">{tr("apd.bpmn.import")}</Button>
      <Dialog open={open()} onOpenChange={setOpen} title={tr("apd.bpmn.import_title")} testid="apd-bpmn-dialog" onSubmit={() => void upload()}
        footer={<Button type="submit" variant="primary" loading={busy()} disabled={!file()} data-testid="apd-bpmn-submit">{tr("apd.bpmn.import")}</Button>}>
        <label class="field">
          <span class="field__label">{tr("apd.bpmn.file")}<RequiredMark when /></span>
          <input type="file" accept=".bpmn,.xml,application/xml,text/xml" data-testid="apd-bpmn-file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          <For each={problems()}>{(m) => <span class="field__error" role="alert" data-testid="apd-bpmn-problem">{m}</span>}</For>
        </label>
        <TextField label={tr("apd.key")} name="import_key" value={key()} onChange={setKey} description={tr("apd.bpmn.key_hint")} error={errors.of("key")} />
        <TextField label={tr("apd.name")} name="import_name" value={name()} onChange={setName} description={tr("apd.bpmn.name_hint")} error={errors.of("name")} />
      </Dialog>
    </Show>
  );
}

/** Export BPMN: the definition's draft (or a version) as a file. */
export function BpmnExportButton(props: { id: string; fileKey: string; version?: number }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const download = async () => {
    setBusy(true);
    try {
      const { blob } = await approvalDefinitionsApi.exportBpmn(props.id, props.version);
      saveBlob(blob, `${props.fileKey}${props.version ? `-v${props.version}` : ""}.bpmn`);
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={!missing()}>
      <Button size="sm" loading={busy()} onClick={() => void download()} data-testid="apd-bpmn-export">{tr("apd.bpmn.export")}</Button>
    </Show>
  );
}
