import { useNavigate } from "@solidjs/router";
import { createSignal, Show, type JSX } from "solid-js";
import { approvalDefinitionsApi } from "../../data/approval-definitions.ts";
import { isApiError } from "../../data/api-error.ts";
import { tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
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

/** Import BPMN: a .bpmn/.xml file becomes a new draft, opened in the designer. */
export function BpmnImportButton(): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const navigate = useNavigate();
  let input = undefined as HTMLInputElement | undefined;
  const upload = async (file: File) => {
    setBusy(true);
    try {
      const def = await approvalDefinitionsApi.importBpmn({ xml: await file.text() });
      notify.success(tr("apd.bpmn.imported", { name: def.name }));
      navigate(`/approval-definitions/${def.id}`);
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
      if (input) input.value = "";
    }
  };
  return (
    <Show when={!missing()}>
      <input ref={input} class="apd-file" type="file" accept=".bpmn,.xml,application/xml,text/xml" data-testid="apd-bpmn-file" onChange={(e) => {
        const f = e.currentTarget.files?.[0];
        if (f) void upload(f);
      }} />
      <Button loading={busy()} onClick={() => input?.click()} data-testid="apd-bpmn-import">{tr("apd.bpmn.import")}</Button>
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
