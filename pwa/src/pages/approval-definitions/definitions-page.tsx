import { A } from "@solidjs/router";
import { DEFINITION_STATUSES } from "@ops/shared/contracts/approvals.ts";
import { createEffect, createSignal, For, type JSX } from "solid-js";
import { approvalDefinitionsApi } from "../../data/approval-definitions.ts";
import { createUrlPagedResource } from "../../data/url-paged.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { Icon } from "../../ui/icons.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { BpmnImportButton } from "./bpmn-buttons.tsx";
import { StatusBadge } from "./status-badge.tsx";
import "./approval-definitions.css";

const FILTER_KEYS = ["q", "status"] as const;

/** `/approval-definitions?status=&q=`: the definitions with their status and version; new, import BPMN, open to design. */
export default function DefinitionsPage(): JSX.Element {
  const list = createUrlPagedResource(approvalDefinitionsApi.list, FILTER_KEYS);
  return (
    <section class="page" data-testid="approval-definitions-page">
      <PageHeader
        title={tr("nav.approval_definitions")}
        subtitle={tr("apd.list_subtitle")}
        actions={
          <>
            <BpmnImportButton />
            <A class="btn btn--primary btn--md" href="/approval-definitions/new" data-testid="approval-definition-create">
              <Icon name="plus" size={16} /> {tr("apd.create")}
            </A>
          </>
        }
      />
      <div class="apd-chips" role="group" aria-label={tr("apd.status")} data-testid="apd-status-chips">
        <For each={["", ...DEFINITION_STATUSES]}>
          {(st) => (
            <button type="button" class="apd-chip" aria-pressed={list.filters().status === st} data-status={st || "all"} onClick={() => list.setFilters({ status: st })}>
              {st ? tr(`apd.status.${st}`) : tr("common.all")}
            </button>
          )}
        </For>
      </div>
      <SearchBox value={list.filters().q} onChange={(q) => list.setFilters({ q })} />
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <DataTable
              testid="approval-definitions-table"
              items={page().items}
              rowKey={(d) => d.id}
              empty={tr("apd.empty")}
              columns={[
                {
                  key: "name", header: tr("apd.name"), primary: true, render: (d) => (
                    <a class="cell-stack" href={`/approval-definitions/${d.id}`} data-testid="approval-definition-open">
                      <strong>{d.name}</strong>
                      <span class="muted">{d.key}</span>
                    </a>
                  ),
                },
                { key: "status", header: tr("apd.status"), render: (d) => <StatusBadge status={d.status} /> },
                { key: "version", header: tr("apd.published_version"), render: (d) => (d.published_version ? `v${d.published_version}` : "—") },
                { key: "nodes", header: tr("apd.node_count_header"), render: (d) => tr("apd.node_count", { n: d.nodes.length, f: d.form.length }) },
                { key: "updated", header: tr("apd.updated_at"), render: (d) => formatTime(d.updated_at) },
              ]}
            />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
    </section>
  );
}

function SearchBox(props: { value: string; onChange: (q: string) => void }): JSX.Element {
  const [q, setQ] = createSignal(props.value);
  createEffect(() => setQ(props.value));
  return (
    <form class="filters" role="search" data-testid="apd-filters" onSubmit={(e) => {
      e.preventDefault();
      props.onChange(q().trim());
    }}>
      <TextField label={tr("apd.search")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("apd.search_placeholder")} />
      <div class="filters__buttons">
        <Button type="submit" variant="primary">{tr("common.search")}</Button>
      </div>
    </form>
  );
}
