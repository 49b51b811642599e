import { A } from "@solidjs/router";
import { createSignal, Show, type JSX } from "solid-js";
import { jobsApi, type Job } from "../../data/jobs.ts";
import { createUrlPagedResource } from "../../data/url-paged.ts";
import { can } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Icon } from "../../ui/icons.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { saveBlob } from "../audit/download.ts";
import { JobActionDialogs, toggleJob, type JobAction, type PendingJobAction } from "./job-actions.tsx";
import { JOB_FILTER_KEYS, JobFilters } from "./job-filters.tsx";
import { JobsImportDialog } from "./jobs-import-dialog.tsx";
import { JobsTable } from "./jobs-table.tsx";
import { SchedulerSwitch } from "./scheduler-switch.tsx";

/** Jobs: filters in the URL, the list with run/pause/resume/edit/delete by permission, YAML export and import. */
export default function JobsPage(): JSX.Element {
  const list = createUrlPagedResource(jobsApi.list, JOB_FILTER_KEYS);
  const [pending, setPending] = createSignal<PendingJobAction | null>(null);
  const [importing, setImporting] = createSignal(false);
  const [exporting, setExporting] = createSignal(false);
  const onAction = (action: JobAction, job: Job) => {
    if (action === "pause" || action === "resume") void toggleJob(action, job).then(() => list.refetch(), notifyError);
    else setPending({ action, job });
  };
  const exportYaml = async () => {
    setExporting(true);
    try {
      const { blob, filename } = await jobsApi.exportYaml(list.query());
      saveBlob(blob, filename);
    } catch (e) {
      notifyError(e);
    } finally {
      setExporting(false);
    }
  };
  return (
    <section class="page" data-testid="jobs-page">
      <PageHeader
        title={tr("nav.jobs")}
        actions={
          <>
            <A class="btn btn--secondary btn--md" href="/jobs/runs" data-testid="jobs-all-runs">{tr("nav.job_runs")}</A>
            <Button onClick={exportYaml} loading={exporting()} data-testid="jobs-export">{tr("jobs.export")}</Button>
            <Show when={can("jobs:manage")}>
              <Button onClick={() => setImporting(true)} data-testid="jobs-import-open">{tr("jobs.import")}</Button>
              <A class="btn btn--primary btn--md" href="/jobs/new" data-testid="job-create">
                <Icon name="plus" size={16} /> {tr("jobs.create")}
              </A>
            </Show>
          </>
        }
      />
      <SchedulerSwitch />
      <JobFilters value={list.filters()} onChange={list.setFilters} />
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <JobsTable items={page().items} onAction={onAction} />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
      <JobActionDialogs pending={pending()} onClose={() => setPending(null)} onChanged={() => list.refetch()} />
      <Show when={importing()}>
        <JobsImportDialog onClose={() => setImporting(false)} onImported={() => list.refetch()} />
      </Show>
    </section>
  );
}
