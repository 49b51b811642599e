import type { JSX } from "solid-js";
import type { FlowRun } from "../../data/flows.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { DataTable } from "../../ui/data-table.tsx";
import { durationText, FlowRunStatusBadge } from "./flow-status.tsx";

/** Flow runs, newest first; the time opens the live run graph. `showFlow` off on a flow's own page. */
export function FlowRunsTable(props: { items: FlowRun[]; showFlow?: boolean }): JSX.Element {
  return (
    <DataTable
      testid="flow-runs-table"
      items={props.items}
      rowKey={(r) => r.id}
      empty={tr("flows.runs_empty")}
      columns={[
        {
          key: "run", header: tr("flows.run"), primary: true, render: (r) => (
            <a class="cell-stack" href={`/flows/runs/${r.id}`} data-testid="flow-run-open">
              <strong>{props.showFlow === false ? formatTime(r.queued_at) : r.flow_name}</strong>
              <span class="muted">{props.showFlow === false ? `v${r.version}` : `${formatTime(r.queued_at)} · v${r.version}`}</span>
            </a>
          ),
        },
        { key: "status", header: tr("flows.run_status"), render: (r) => <FlowRunStatusBadge status={r.status} /> },
        { key: "trigger", header: tr("jobs.trigger"), render: (r) => tr("jobs.trigger_by", { trigger: tr(`jobs.trigger.${r.trigger}`), who: r.triggered_by_name ?? tr("jobs.system") }) },
        { key: "duration", header: tr("flows.duration"), render: (r) => durationText(r.duration_ms) },
      ]}
    />
  );
}
