import { Show, type JSX } from "solid-js";
import type { Job } from "../../data/jobs.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { DataTable } from "../../ui/data-table.tsx";
import { JobActionButtons, type JobAction } from "./job-actions.tsx";
import { scheduleText } from "./schedule-text.ts";
import { JobStatusBadge, LastRunCell } from "./status-badges.tsx";

/** The job list: the name opens the job; schedule in words with its zone; actions by permission. */
export function JobsTable(props: { items: Job[]; onAction: (a: JobAction, job: Job) => void }): JSX.Element {
  return (
    <DataTable
      testid="jobs-table"
      items={props.items}
      rowKey={(j) => j.id}
      empty={tr("jobs.empty")}
      columns={[
        {
          key: "name", header: tr("jobs.name"), primary: true, render: (j) => (
            <a class="cell-stack" href={`/jobs/${j.id}`} data-testid="job-open">
              <strong>{j.name}</strong>
              <Show when={j.description}><span class="muted">{j.description}</span></Show>
            </a>
          ),
        },
        { key: "type", header: tr("jobs.type"), render: (j) => <span class="badge badge--kind">{tr(`jobs.type.${j.type}`)}</span> },
        { key: "schedule", header: tr("jobs.schedule"), class: "table__wrap", render: (j) => scheduleText(j.schedule) },
        { key: "next", header: tr("jobs.next_fire"), render: (j) => (j.status === "enabled" && j.next_fire_at ? formatTime(j.next_fire_at) : "—") },
        { key: "status", header: tr("jobs.job_status"), render: (j) => <JobStatusBadge status={j.status} /> },
        { key: "last", header: tr("jobs.last_run"), render: (j) => <LastRunCell run={j.last_run} /> },
        { key: "actions", header: tr("common.actions"), class: "table__actions", render: (j) => <JobActionButtons job={j} onAction={props.onAction} /> },
      ]}
    />
  );
}
