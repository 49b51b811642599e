import { A } from "@solidjs/router";
import { createEffect, createSignal, Show, type JSX } from "solid-js";
import { flowsApi, type Flow } from "../../data/flows.ts";
import { createUrlPagedResource } from "../../data/url-paged.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { Icon } from "../../ui/icons.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { FlowActionButtons, FlowActionDialogs, type FlowAction, type PendingFlowAction } from "./flow-actions.tsx";
import { FlowLastRunCell } from "./flow-status.tsx";

const FILTER_KEYS = ["q", "tag"] as const;

/** `/flows?q=&tag=`: flows with their last run; run now, edit and delete by permission. */
export default function FlowsPage(): JSX.Element {
  const list = createUrlPagedResource(flowsApi.list, FILTER_KEYS);
  const [pending, setPending] = createSignal<PendingFlowAction | null>(null);
  const onAction = (action: FlowAction, flow: Flow) => setPending({ action, flow });
  return (
    <section class="page" data-testid="flows-page">
      <PageHeader
        title={tr("nav.flows")}
        actions={
          <>
            <A class="btn btn--secondary btn--md" href="/flows/runs" data-testid="flows-all-runs">{tr("flows.all_runs")}</A>
            <Show when={can("flows:manage")}>
              <A class="btn btn--primary btn--md" href="/flows/new" data-testid="flow-create">
                <Icon name="plus" size={16} /> {tr("flows.create")}
              </A>
            </Show>
          </>
        }
      />
      <FlowFilters value={list.filters()} onChange={list.setFilters} />
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <DataTable
              testid="flows-table"
              items={page().items}
              rowKey={(f) => f.id}
              empty={tr("flows.empty")}
              columns={[
                {
                  key: "name", header: tr("flows.name"), primary: true, render: (f) => (
                    <a class="cell-stack" href={`/flows/${f.id}`} data-testid="flow-open">
                      <strong>{f.name}</strong>
                      <Show when={f.description}><span class="muted">{f.description}</span></Show>
                    </a>
                  ),
                },
                { key: "nodes", header: tr("flows.nodes"), render: (f) => tr("flows.node_count", { n: f.nodes.length }) },
                { key: "version", header: tr("flows.version"), render: (f) => `v${f.version}` },
                { key: "tags", header: tr("flows.tags"), render: (f) => f.tags.join("、") || "—" },
                { key: "updated", header: tr("flows.updated_at"), render: (f) => formatTime(f.updated_at) },
                { key: "last", header: tr("flows.last_run"), render: (f) => <FlowLastRunCell run={f.last_run} /> },
                { key: "actions", header: tr("common.actions"), class: "table__actions", render: (f) => <FlowActionButtons flow={f} onAction={onAction} onChanged={() => void list.refetch()} /> },
              ]}
            />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
      <FlowActionDialogs pending={pending()} onClose={() => setPending(null)} onDeleted={() => list.refetch()} />
    </section>
  );
}

/** Search and tag apply on submit, as on the jobs list. */
function FlowFilters(props: { value: Record<(typeof FILTER_KEYS)[number], string>; onChange: (v: { q: string; tag: string }) => void }): JSX.Element {
  const [q, setQ] = createSignal(props.value.q);
  const [tag, setTag] = createSignal(props.value.tag);
  createEffect(() => setQ(props.value.q));
  createEffect(() => setTag(props.value.tag));
  return (
    <form
      class="filters"
      role="search"
      data-testid="flow-filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange({ q: q().trim(), tag: tag().trim() });
      }}
    >
      <TextField label={tr("flows.search")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("flows.search_placeholder")} />
      <TextField label={tr("flows.tag")} name="tag" value={tag()} onChange={setTag} />
      <div class="filters__buttons">
        <Button type="submit" variant="primary">{tr("common.search")}</Button>
      </div>
    </form>
  );
}
