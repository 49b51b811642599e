import { A, useParams } from "@solidjs/router";
import { createResource, Show, type JSX } from "solid-js";
import { configFlowApi, type ConfigRelease } from "../../../data/config-flow.ts";
import { can } from "../../../providers/auth.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { DataTable } from "../../../ui/data-table.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { grayText } from "../change-sets/status.ts";
import { TableLinks } from "../history/table-links.tsx";
import { ConsumersTable, GrayPanel } from "./gray-panel.tsx";
import { ReleaseForm } from "./release-form.tsx";
import { relKindName, relStatusBadge, relStatusName } from "./status.ts";
import "../history/config-flow.css";

/**
 * 发布 of a config table: the numbered releases (newest first), the gray release in progress with the
 * consumers running it (promote / abort), who runs which release, and a manual release (config:publish).
 */
export default function ConfigReleasesPage(): JSX.Element {
  const params = useParams<{ table: string }>();
  const [table, { refetch: refetchTable }] = createResource(() => params.table, (n) => configFlowApi.table(n));
  const [releases, { refetch }] = createResource(() => params.table, (n) => configFlowApi.releases(n));
  // consumers land with their own API: an error leaves the list empty rather than the page broken
  const [consumers, { refetch: refetchConsumers }] = createResource(() => params.table, (n) => configFlowApi.consumers(n).catch(() => []));
  const gray = () => releases.latest?.find((r) => r.status === "gray") ?? null;
  const reload = () => {
    void refetch();
    void refetchTable();
    void refetchConsumers();
  };
  return (
    <section class="page" data-testid="config-releases-page">
      <PageHeader title={tr("configFlow.rel.title", { table: table()?.display_name ?? params.table })} subtitle={tr("configFlow.rel.subtitle")} actions={<TableLinks table={params.table} here="releases" />} />
      <Show when={gray()}>{(g) => <GrayPanel table={params.table} release={g()} consumers={consumers.latest ?? []} onChanged={reload} />}</Show>
      <ResourceView resource={releases} retry={refetch}>
        {(items) => (
          <DataTable<ConfigRelease>
            testid="releases-table"
            items={[...items()].sort((a, b) => b.number - a.number)}
            empty={tr("configFlow.rel.empty")}
            rowKey={(r) => String(r.number)}
            columns={[
              { key: "number", header: tr("configFlow.rel.number"), primary: true, render: (r) => <span data-col="number">#{r.number}</span> },
              { key: "version", header: tr("configFlow.history.version"), render: (r) => <A href={`/config/${params.table}/history/${r.version}`} data-col="version">v{r.version}</A> },
              { key: "status", header: tr("configFlow.cs.status"), render: (r) => <span class={relStatusBadge(r.status)} data-col="status" data-status={r.status}>{relStatusName(r.status)}</span> },
              { key: "gray", header: tr("configFlow.rel.gray"), render: (r) => <span data-col="gray">{grayText(r.gray)}</span> },
              {
                key: "kind", header: tr("configFlow.history.kind"),
                render: (r) => (
                  <Show when={r.change_set_id} fallback={relKindName(r.kind)}>
                    <A href={`/config/change-sets/${r.change_set_id}`}>{relKindName(r.kind)}</A>
                  </Show>
                ),
              },
              { key: "who", header: tr("configFlow.rel.who"), render: (r) => r.released_by_name ?? r.released_by },
              { key: "at", header: tr("configFlow.history.time"), render: (r) => formatTime(r.created_at) },
              { key: "note", header: tr("configFlow.rel.note"), render: (r) => r.note },
            ]}
          />
        )}
      </ResourceView>
      <div class="config-flow__grid">
        <section class="config-flow__section">
          <h2 class="config-flow__h">{tr("configFlow.rel.consumers")}</h2>
          <ConsumersTable consumers={consumers.latest ?? []} gray={gray()?.number ?? null} />
        </section>
        <Show when={can("config:publish") && table()}>
          {(t) => <ReleaseForm table={params.table} version={t().version} onReleased={reload} />}
        </Show>
      </div>
    </section>
  );
}
