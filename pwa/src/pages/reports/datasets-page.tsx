import "./texts.ts";
import { A } from "@solidjs/router";
import { createResource, For, Show, type JSX } from "solid-js";
import { datasetsApi, datasourcesApi } from "../../data/reports.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { Icon } from "../../ui/icons.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { ReportsNav } from "./reports-nav.tsx";
import "./reports.css";

/** `/reports/datasets` (reports:manage): datasets with their datasource, mode and parameters. */
export default function DatasetsPage(): JSX.Element {
  const [list, { refetch }] = createResource(() => datasetsApi.list());
  const [sources] = createResource(() => datasourcesApi.list().catch(() => []));
  const sourceName = (id: string) => sources()?.find((s) => s.id === id)?.name ?? id;
  return (
    <section class="page rpt-page" data-testid="datasets-page">
      <PageHeader title={tr("reports.ds.title")} subtitle={tr("reports.ds.subtitle")}
        actions={<A class="btn btn--primary btn--md" href="/reports/datasets/new" data-testid="dataset-create"><Icon name="plus" size={16} /> {tr("reports.ds.new")}</A>} />
      <ReportsNav />
      <ResourceView resource={list} retry={refetch}>
        {(items) => (
          <div class="table-wrap">
            <table class="table" data-testid="datasets-table">
              <thead><tr><th>{tr("reports.ds.name")}</th><th>{tr("reports.ds.datasource")}</th><th>{tr("reports.ds.mode")}</th><th>{tr("reports.ds.params")}</th><th>{tr("reports.updated")}</th></tr></thead>
              <tbody>
                <For each={items()} fallback={<tr class="table__empty"><td colSpan={5}>{tr("reports.ds.empty")}</td></tr>}>
                  {(d) => (
                    <tr class="table__row" data-testid="dataset-item" data-dataset={d.name}>
                      <td class="table__primary" data-label={tr("reports.ds.name")}><A href={`/reports/datasets/${encodeURIComponent(d.id)}`} class="cell-stack"><strong>{d.name}</strong><span class="muted">{d.description}</span></A></td>
                      <td data-label={tr("reports.ds.datasource")}>{sourceName(d.datasource_id)}</td>
                      <td data-label={tr("reports.ds.mode")}>{tr(`reports.ds.mode_${d.mode}`)}</td>
                      <td data-label={tr("reports.ds.params")}><Show when={d.params.length} fallback="—">{d.params.map((p) => p.name).join(", ")}</Show></td>
                      <td data-label={tr("reports.updated")}>{formatTime(d.updated_at)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </ResourceView>
    </section>
  );
}
