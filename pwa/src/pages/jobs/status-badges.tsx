import { Show, type JSX } from "solid-js";
import type { Job, JobLastRun, JobRun } from "../../data/jobs.ts";
import { formatTime, tr } from "../../providers/i18n.ts";

const RUN_TONE: Record<JobRun["status"], string> = {
  queued: "badge--muted", running: "badge--menu", succeeded: "badge--ok", failed: "badge--danger",
  timed_out: "badge--danger", cancelled: "badge--warn", skipped: "badge--muted",
};

/** A run's status in the API's words (成功, 失败, …), coloured by outcome. */
export function RunStatusBadge(props: { status: JobRun["status"] }): JSX.Element {
  return <span class={`badge ${RUN_TONE[props.status]}`} data-testid="run-status" data-status={props.status}>{tr(`jobs.status.${props.status}`)}</span>;
}

export function JobStatusBadge(props: { status: Job["status"] }): JSX.Element {
  return <span class={`badge ${props.status === "enabled" ? "badge--ok" : "badge--warn"}`} data-testid="job-status" data-status={props.status}>{tr(`jobs.job_status.${props.status}`)}</span>;
}

/** The latest run of a job, as the list answers it. */
export function LastRunCell(props: { run: JobLastRun | null | undefined }): JSX.Element {
  return (
    <Show when={props.run} fallback={<span class="muted">{tr("jobs.never_run")}</span>}>
      {(r) => (
        <a class="cell-stack" href={`/jobs/runs/${r().id}`}>
          <RunStatusBadge status={r().status} />
          <span class="muted">{formatTime(r().queued_at)}</span>
        </a>
      )}
    </Show>
  );
}
