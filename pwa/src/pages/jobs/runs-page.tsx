import { RUN_STATUSES, RUN_TRIGGERS } from "@ops/shared/contracts/jobs.ts";
import { A } from "@solidjs/router";
import { createResource, type JSX } from "solid-js";
import { jobsApi, runsApi } from "../../data/jobs.ts";
import { createUrlPagedResource } from "../../data/url-paged.ts";
import { tr } from "../../providers/i18n.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { Select } from "../../ui/select.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { RunsTable } from "./runs-table.tsx";

const RUN_FILTER_KEYS = ["job_id", "status", "trigger"] as const;

/** `/jobs/runs?job_id=&status=&trigger=`: every run the reader may see (the workbench links `?status=failed`). */
export default function RunsPage(): JSX.Element {
  const list = createUrlPagedResource(runsApi.list, RUN_FILTER_KEYS);
  // the job filter offers the jobs the reader may see (by name, as chat knows them)
  const [jobs] = createResource(() => jobsApi.list({ page_size: 100, sort: "name" }).then((p) => p.items).catch(() => []), { initialValue: [] });
  return (
    <section class="page" data-testid="runs-page">
      <PageHeader title={tr("nav.job_runs")} actions={<A class="btn btn--secondary btn--md" href="/jobs">{tr("nav.jobs")}</A>} />
      <div class="filters" data-testid="run-filters">
        <Select
          label={tr("jobs.job")}
          name="job_id"
          value={list.filters().job_id}
          emptyLabel={tr("common.all")}
          options={jobs().map((j) => ({ value: j.id, label: j.name }))}
          onChange={(job_id) => list.setFilters({ job_id })}
        />
        <Select
          label={tr("jobs.run_status")}
          name="status"
          value={list.filters().status}
          emptyLabel={tr("common.all")}
          options={RUN_STATUSES.map((s) => ({ value: s, label: tr(`jobs.status.${s}`) }))}
          onChange={(status) => list.setFilters({ status })}
        />
        <Select
          label={tr("jobs.trigger")}
          name="trigger"
          value={list.filters().trigger}
          emptyLabel={tr("common.all")}
          options={RUN_TRIGGERS.map((t) => ({ value: t, label: tr(`jobs.trigger.${t}`) }))}
          onChange={(trigger) => list.setFilters({ trigger })}
        />
      </div>
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <RunsTable items={page().items} />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
    </section>
  );
}

