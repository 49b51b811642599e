import { createSignal, For, Show, type JSX } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { approvalsApi, type ApprovalInstance, type ApprovalTask } from "../../data/approvals.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { modeName, taskBadge, taskStatusName } from "./status.ts";

/** The initiator's 催办 on one open task: a 429 says how long to wait, beside the button. */
function UrgeButton(props: { task: ApprovalTask }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [wait, setWait] = createSignal<string | null>(null);
  const urge = async () => {
    setBusy(true);
    try {
      await approvalsApi.urge(props.task.id);
      setWait(null);
      notify.success(tr("approvals.urged", { name: props.task.assignee_name ?? "" }));
    } catch (e) {
      if (isApiError(e) && e.status === 429) setWait(e.message);
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="sm" variant="ghost" loading={busy()} onClick={() => void urge()} data-testid="approval-urge">{tr("approvals.urge")}</Button>
      <Show when={wait()}><span class="field__error" data-testid="approval-urge-wait">{wait()}</span></Show>
    </>
  );
}

/** Where the approval is now: each node holding it, its mode, and who still has to act (the initiator may urge them). */
export function CurrentNodes(props: { inst: ApprovalInstance; canUrge: boolean }): JSX.Element {
  return (
    <div class="ap-current" data-testid="approval-current">
      <For each={props.inst.current}>
        {(n) => (
          <div class="ap-current__node" data-testid="approval-node" data-node={n.node_key}>
            <div class="ap-current__head"><strong>{n.node_name}</strong><span class="badge badge--muted badge--kind">{modeName(n.mode)}</span></div>
            <ul class="ap-current__tasks">
              <For each={n.tasks}>
                {(t) => (
                  <li data-testid="approval-task" data-assignee={t.assignee_name ?? t.assignee_id} data-status={t.status}>
                    <span>{t.assignee_name ?? t.assignee_id}</span>
                    <Show when={t.relation}><span class="muted"> · {tr(`approvals.relation.${t.relation}`)}</span></Show>
                    <span class={taskBadge(t.status)}>{taskStatusName(t.status)}</span>
                    <span class="muted ap-current__since">{formatTime(t.created_at)}</span>
                    <Show when={props.canUrge && t.status === "pending"}><UrgeButton task={t} /></Show>
                  </li>
                )}
              </For>
            </ul>
          </div>
        )}
      </For>
    </div>
  );
}
