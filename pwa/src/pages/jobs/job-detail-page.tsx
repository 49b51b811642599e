import { useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { jobsApi, runsApi, type Job } from "../../data/jobs.ts";
import { createPagedResource } from "../../data/paged.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { JobActionButtons, JobActionDialogs, toggleJob, type JobAction, type PendingJobAction } from "./job-actions.tsx";
import { RunsTable } from "./runs-table.tsx";
import { scheduleText } from "./schedule-text.ts";
import { JobStatusBadge } from "./status-badges.tsx";
import { formatInZone } from "./zone-time.ts";

/** `/jobs/{id}`: the definition in short, the next fires, recent runs, and the actions the reader may take. */
export default function JobDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [job, { mutate, refetch }] = createResource(() => params.id, jobsApi.get);
  return (
    <ResourceView resource={job} retry={refetch}>
      {(j) => <JobDetail job={j()} onChanged={(next) => (next ? mutate(next) : void refetch())} />}
    </ResourceView>
  );
}

/** A fixed delay's seconds (its next fire waits for the running one to end). */
const delayOf = (job: Job) => (job.schedule && "delay_s" in job.schedule ? job.schedule.delay_s : 0);

function JobDetail(props: { job: Job; onChanged: (next?: Job) => void }): JSX.Element {
  const [fires, { refetch: refetchFires }] = createResource(() => `${props.job.id}:${props.job.status}:${props.job.updated_at}`, () => jobsApi.nextFires(props.job.id, 5));
  const runs = createPagedResource(runsApi.list, { job_id: props.job.id });
  const [pending, setPending] = createSignal<PendingJobAction | null>(null);
  const navigate = useNavigate();
  const onAction = (action: JobAction, job: Job) => {
    if (action === "pause" || action === "resume") void toggleJob(action, job).then((next) => { props.onChanged(next); void refetchFires(); }, notifyError);
    else setPending({ action, job });
  };
  const c = () => props.job.config as Record<string, unknown>;
  const what = () => {
    switch (props.job.type) {
      case "http": return `${String(c().method ?? "GET")} ${String(c().url ?? "")}`;
      case "shell": return String(c().command ?? "");
      case "sql": return String(c().statement ?? "");
      case "script": return `${String(c().language ?? "")}: ${String(c().source ?? "").split("\n")[0]}`;
    }
  };
  return (
    <section class="page" data-testid="job-detail">
      <PageHeader title={props.job.name} subtitle={props.job.description} actions={
          <>
            <JobActionButtons job={props.job} onAction={onAction} size="md" />
            <Show when={can("jobs:manage")}>
              <Button onClick={() => onAction("backfill", props.job)} data-testid="job-backfill">{tr("jobs.backfill")}</Button>
            </Show>
          </>
        } />
      <div class="card">
        <dl class="facts" data-testid="job-facts">
          <dt>{tr("jobs.job_status")}</dt><dd><JobStatusBadge status={props.job.status} /></dd>
          <dt>{tr("jobs.type")}</dt><dd>{tr(`jobs.type.${props.job.type}`)}</dd>
          <dt>{tr("jobs.what")}</dt><dd><code data-testid="job-what">{what()}</code></dd>
          <dt>{tr("jobs.schedule")}</dt><dd data-testid="job-schedule">{scheduleText(props.job.schedule)}</dd>
          <dt>{tr("jobs.params")}</dt><dd>{Object.entries(props.job.params).map(([k, v]) => `${k}=${String(v)}`).join("  ") || "—"}</dd>
          <dt>{tr("jobs.retries_count")}</dt><dd>{tr("jobs.retries_text", { n: props.job.retries.count, backoff: tr(`jobs.backoff.${props.job.retries.backoff.type}`), ms: props.job.retries.backoff.delay_ms })}</dd>
          <dt>{tr("jobs.timeout_s")}</dt><dd>{props.job.timeout_s}</dd>
          <dt>{tr("jobs.concurrency")}</dt><dd>{tr(`jobs.concurrency.${props.job.concurrency}`)}</dd>
          <dt>{tr("jobs.shards")}</dt><dd data-testid="job-shards">{props.job.shards ?? 1}</dd>
          <dt>{tr("jobs.owner_department")}</dt><dd>{props.job.owner_department_name ?? "—"}</dd>
          <dt>{tr("jobs.tags")}</dt><dd>{props.job.tags.join("、") || "—"}</dd>
          <dt>{tr("jobs.updated_at")}</dt><dd>{formatTime(props.job.updated_at)}</dd>
        </dl>
      </div>
      <h2 class="section-title">{tr("jobs.next_fires")}</h2>
      <div class="card" data-testid="next-fires">
        <Show when={fires()?.fires.length} fallback={<p class="muted">{props.job.status === "paused" ? tr("jobs.next_fires_paused") : fires()?.after_run ? tr("jobs.next_fires_after_run", { n: delayOf(props.job) }) : tr("jobs.next_fires_none")}</p>}>
          <ol>
            <For each={fires()!.fires}>{(f) => <li data-testid="next-fire">{formatInZone(f, fires()!.timezone)}</li>}</For>
          </ol>
        </Show>
      </div>
      <h2 class="section-title">{tr("jobs.recent_runs")}</h2>
      <ResourceView resource={runs.data} retry={runs.refetch}>
        {(page) => (
          <>
            <RunsTable items={page().items} showJob={false} />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={runs.setPage} />
          </>
        )}
      </ResourceView>
      <JobActionDialogs pending={pending()} onClose={() => setPending(null)} onChanged={() => props.onChanged()} onDeleted={() => navigate("/jobs", { replace: true })} />
    </section>
  );
}
