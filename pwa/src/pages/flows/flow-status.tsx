import type { FlowNodeStatus, FlowRunStatus } from "@ops/shared/contracts/flows.ts";
import { Show, type JSX } from "solid-js";
import type { Flow } from "../../data/flows.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
export { durationText } from "../jobs/runs-table.tsx";

const TONE: Record<FlowRunStatus | FlowNodeStatus, string> = {
  pending: "badge--muted", queued: "badge--muted", running: "badge--menu", waiting: "badge--warn", succeeded: "badge--ok",
  failed: "badge--danger", timed_out: "badge--danger", cancelled: "badge--warn", skipped: "badge--muted", upstream_failed: "badge--danger",
};

/** A flow run's status (成功, 等待处理, …), coloured by outcome. */
export function FlowRunStatusBadge(props: { status: FlowRunStatus }): JSX.Element {
  return <span class={`badge ${TONE[props.status]}`} data-testid="flow-run-status" data-status={props.status}>{tr(`flows.run_status.${props.status}`)}</span>;
}

export function NodeStatusBadge(props: { status: FlowNodeStatus }): JSX.Element {
  return <span class={`badge ${TONE[props.status]}`} data-testid="node-status" data-status={props.status}>{tr(`flows.node_status.${props.status}`)}</span>;
}

/** The latest run of a flow, as the list answers it. */
export function FlowLastRunCell(props: { run: Flow["last_run"] }): JSX.Element {
  return (
    <Show when={props.run} fallback={<span class="muted">{tr("flows.never_run")}</span>}>
      {(r) => (
        <a class="cell-stack" href={`/flows/runs/${r().id}`} data-testid="flow-last-run">
          <FlowRunStatusBadge status={r().status} />
          <span class="muted">{formatTime(r().started_at ?? r().finished_at)}</span>
        </a>
      )}
    </Show>
  );
}
