import { A } from "@solidjs/router";
import { createResource, For, Show, type JSX } from "solid-js";
import { approvalsApi } from "../../../data/approvals.ts";
import { tr } from "../../../providers/i18n.ts";
import { statusBadge, statusName, taskBadge, taskStatusName } from "../../approvals/status.ts";

/** Where the set's approval stands: its status, the open nodes and who holds them; links to the approval. Quiet when it cannot be read. */
export function ApprovalProgress(props: { approvalId: string }): JSX.Element {
  const [inst] = createResource(() => props.approvalId, (id) => approvalsApi.get(id).catch(() => null));
  return (
    <div class="config-flow__section" data-testid="cs-approval">
      <div class="config-flow__section-head">
        <h2>{tr("configFlow.cs.approval")}</h2>
        <A class="btn btn--secondary btn--sm" href={`/approvals/${props.approvalId}`} data-testid="cs-approval-link">{tr("configFlow.cs.open_approval")}</A>
      </div>
      <Show when={inst()}>
        {(i) => (
          <div>
            <span class={statusBadge(i().status)} data-testid="cs-approval-status">{statusName(i().status)}</span>
            <For each={i().current}>
              {(node) => (
                <p>
                  {node.node_name}:{" "}
                  <For each={node.tasks}>{(t) => <span class={taskBadge(t.status)}>{t.assignee_name ?? t.assignee_id} · {taskStatusName(t.status)}</span>}</For>
                </p>
              )}
            </For>
          </div>
        )}
      </Show>
    </div>
  );
}
