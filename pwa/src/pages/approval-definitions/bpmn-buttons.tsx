import { useNavigate } from "@solidjs/router";
import { createResource, createSignal, Show, type JSX } from "solid-js";
import { approvalDefinitionsApi } from "../../data/approval-definitions.ts";
import { fetchAuthed } from "../../data/client.ts";
import { tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { saveBlob } from "../audit/download.ts";

/**
 * BPMN 2.0 import and export. A server without them answers 404 to the import route (an empty
 * body is refused with a 400 where it exists): then both buttons stay hidden. Asked once per page load.
 */
let probe: Promise<boolean> | null = null;
export function bpmnAvailable(): Promise<boolean> {
  probe ??= fetchAuthed("POST", "/approval-definitions/import", { body: {} }).then((r) => r.status !== 404 && r.status !== 405, () => {
    probe = null;
    return false;
  });
  return probe;
}

/** Import BPMN: a .bpmn/.xml file becomes a new draft, opened in the designer. */
export function BpmnImportButton(): JSX.Element {
  const [available] = createResource(bpmnAvailable);
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
      notifyError(e);
    } finally {
      setBusy(false);
      if (input) input.value = "";
    }
  };
  return (
    <Show when={available()}>
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
  const [available] = createResource(bpmnAvailable);
  const [busy, setBusy] = createSignal(false);
  const download = async () => {
    setBusy(true);
    try {
      const { blob } = await approvalDefinitionsApi.exportBpmn(props.id, props.version);
      saveBlob(blob, `${props.fileKey}${props.version ? `-v${props.version}` : ""}.bpmn`);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={available()}>
      <Button size="sm" loading={busy()} onClick={() => void download()} data-testid="apd-bpmn-export">{tr("apd.bpmn.export")}</Button>
    </Show>
  );
}
