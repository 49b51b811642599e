import { A } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import { flowsApi, type Flow } from "../../data/flows.ts";
import { can } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { FlowRunDialog } from "./flow-run-dialog.tsx";

export type FlowAction = "run" | "delete";
export type PendingFlowAction = { action: FlowAction; flow: Flow };

/** Pause or resume a flow's schedule at once (each undoes the other), with a toast either way. */
async function toggleFlow(flow: Flow, onChanged?: (f: Flow) => void) {
  try {
    const pausing = flow.status !== "paused";
    const updated = await (pausing ? flowsApi.pause(flow.id) : flowsApi.resume(flow.id));
    notify.success(tr(pausing ? "flows.paused" : "flows.resumed", { flow: flow.name }));
    onChanged?.(updated);
  } catch (e) {
    notifyError(e);
  }
}

/** What a reader may do with a flow: run (flows:run), pause / resume a schedule, edit and delete (flows:manage). */
export function FlowActionButtons(props: { flow: Flow; onAction: (a: FlowAction, flow: Flow) => void; onChanged?: (f: Flow) => void; size?: "sm" | "md" }): JSX.Element {
  const size = () => props.size ?? "sm";
  return (
    <span class="row row--tight">
      <Show when={can("flows:run")}>
        <Button size={size()} variant="primary" onClick={() => props.onAction("run", props.flow)} data-testid="flow-run">{tr("flows.run_now")}</Button>
      </Show>
      <Show when={can("flows:manage") && props.flow.schedule}>
        <Show
          when={props.flow.status === "paused"}
          fallback={<Button size={size()} onClick={() => void toggleFlow(props.flow, props.onChanged)} data-testid="flow-pause">{tr("flows.pause")}</Button>}
        >
          <Button size={size()} onClick={() => void toggleFlow(props.flow, props.onChanged)} data-testid="flow-resume">{tr("flows.resume")}</Button>
        </Show>
      </Show>
      <Show when={can("flows:manage")}>
        <A class={`btn btn--secondary btn--${size()}`} href={`/flows/${props.flow.id}/edit`} data-testid="flow-edit">{tr("common.edit")}</A>
        <Button size={size()} variant="danger" onClick={() => props.onAction("delete", props.flow)} data-testid="flow-delete">{tr("common.delete")}</Button>
      </Show>
    </span>
  );
}

export function FlowActionDialogs(props: { pending: PendingFlowAction | null; onClose: () => void; onDeleted: () => void }): JSX.Element {
  const flow = () => props.pending?.flow;
  return (
    <>
      <Show when={props.pending?.action === "run" && flow()}>{(f) => <FlowRunDialog flow={f()} onClose={props.onClose} />}</Show>
      <ConfirmDialog
        open={props.pending?.action === "delete"}
        onOpenChange={(o) => !o && props.onClose()}
        title={tr("flows.delete_title")}
        message={tr("flows.delete_message", { flow: flow()?.name ?? "" })}
        confirmLabel={tr("common.delete")}
        danger
        onConfirm={async () => {
          await flowsApi.remove(flow()!.id);
          notify.success(tr("flows.deleted", { flow: flow()!.name }));
          props.onDeleted();
        }}
      />
    </>
  );
}
