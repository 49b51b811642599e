import { FLOW_RUN_STATUSES } from "@ops/shared/contracts/flows.ts";
import { A } from "@solidjs/router";
import { createResource, type JSX } from "solid-js";
import { flowRunsApi, flowsApi } from "../../data/flows.ts";
import { createUrlPagedResource } from "../../data/url-paged.ts";
import { tr } from "../../providers/i18n.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { Select } from "../../ui/select.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { FlowRunsTable } from "./flow-runs-table.tsx";

const FILTER_KEYS = ["flow_id", "status"] as const;

/** `/flows/runs?flow_id=&status=`: every flow run the reader may see. */
export default function FlowRunsPage(): JSX.Element {
  const list = createUrlPagedResource(flowRunsApi.list, FILTER_KEYS);
  const [flows] = createResource(() => flowsApi.list({ page_size: 100, sort: "name" }).then((p) => p.items).catch(() => []), { initialValue: [] });
  return (
    <section class="page" data-testid="flow-runs-page">
      <PageHeader title={tr("flows.runs_title")} actions={<A class="btn btn--secondary btn--md" href="/flows">{tr("nav.flows")}</A>} />
      <div class="filters" data-testid="flow-run-filters">
        <Select
          label={tr("flows.flow")}
          name="flow_id"
          value={list.filters().flow_id}
          emptyLabel={tr("common.all")}
          options={flows().map((f) => ({ value: f.id, label: f.name }))}
          onChange={(flow_id) => list.setFilters({ flow_id })}
        />
        <Select
          label={tr("flows.run_status")}
          name="status"
          value={list.filters().status}
          emptyLabel={tr("common.all")}
          options={FLOW_RUN_STATUSES.map((s) => ({ value: s, label: tr(`flows.run_status.${s}`) }))}
          onChange={(status) => list.setFilters({ status })}
        />
      </div>
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <FlowRunsTable items={page().items} />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
    </section>
  );
}
