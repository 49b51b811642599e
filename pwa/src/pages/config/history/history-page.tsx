import { A, useParams, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, Show, type JSX } from "solid-js";
import { configFlowApi, type ConfigVersion } from "../../../data/config-flow.ts";
import { createUrlPagedResource } from "../../../data/url-paged.ts";
import { can } from "../../../providers/auth.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { Checkbox } from "../../../ui/checkbox.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { DiffView } from "../../../ui/diff/diff-view.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { Pagination } from "../../../ui/pagination.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { kindName, summaryText } from "./kinds.ts";
import { RollbackDialog } from "./rollback-dialog.tsx";
import { TableLinks } from "./table-links.tsx";
import "./config-flow.css";

/**
 * 历史版本 of a config table: every version (kind, operator, time, reason, +a ~c -r), newest first;
 * tick two to compare them (`?from=&to=` keeps the comparison in the URL), open one for its own diff,
 * or roll back to it with a reason (config:publish).
 */
export default function ConfigHistoryPage(): JSX.Element {
  const params = useParams<{ table: string }>();
  const [search, setSearch] = useSearchParams<{ from?: string; to?: string }>();
  const [table, { refetch: refetchTable }] = createResource(() => params.table, (n) => configFlowApi.table(n));
  const list = createUrlPagedResource<ConfigVersion, never>((q) => configFlowApi.versions(params.table, q), []);
  const [picked, setPicked] = createSignal<number[]>([]);
  const [target, setTarget] = createSignal<number | null>(null);
  const pair = () => {
    const from = Number(search.from);
    const to = Number(search.to);
    return Number.isInteger(from) && Number.isInteger(to) && search.from && search.to ? { from, to } : null;
  };
  const [diff] = createResource(() => (pair() ? { ...pair()!, table: params.table } : null), (k) => configFlowApi.diff(k.table, k.from, k.to));
  const toggle = (v: number, on: boolean) => setPicked((p) => (on ? [...p.filter((x) => x !== v), v].slice(-2) : p.filter((x) => x !== v)));
  const compare = () => {
    const [a, b] = [...picked()].sort((x, y) => x - y);
    setSearch({ from: String(a), to: String(b) });
  };
  const current = () => table()?.version ?? list.data()?.items[0]?.version ?? 0;
  const rolledBack = () => {
    notify.success(tr("configFlow.rollback.done"));
    setTarget(null);
    void refetchTable();
    void list.refetch();
  };
  return (
    <section class="page" data-testid="config-history-page">
      <PageHeader
        title={tr("configFlow.history.title", { table: table()?.display_name ?? params.table })}
        subtitle={tr("configFlow.history.subtitle")}
        actions={<TableLinks table={params.table} here="history" />}
      />
      <Show when={pair()}>
        {(p) => (
          <section class="config-flow__section" data-testid="config-compare">
            <div class="config-flow__section-head">
              <h2>{tr("configFlow.history.compare_title", { from: p().from, to: p().to })}</h2>
              <Button size="sm" onClick={() => setSearch({ from: undefined, to: undefined })}>{tr("configFlow.history.close_compare")}</Button>
            </div>
            <ResourceView resource={diff}>{(entries) => <DiffView entries={entries()} />}</ResourceView>
          </section>
        )}
      </Show>
      <div class="config-flow__toolbar">
        <span class="muted">{tr("configFlow.history.pick_hint")}</span>
        <Button size="sm" variant="primary" disabled={picked().length !== 2} onClick={compare} data-testid="history-compare">{tr("configFlow.history.compare")}</Button>
      </div>
      <ResourceView resource={list.data} retry={list.refetch}>
        {(p) => (
          <>
            <DataTable<ConfigVersion>
              testid="history-table"
              items={p().items}
              empty={tr("configFlow.history.empty")}
              rowKey={(v) => String(v.version)}
              columns={[
                {
                  key: "pick", header: tr("configFlow.history.pick"),
                  render: (v) => <Checkbox label={<span class="config-flow__sr">{v.version}</span>} value={String(v.version)} checked={picked().includes(v.version)} onChange={(on) => toggle(v.version, on)} class="history-pick" />,
                },
                { key: "version", header: tr("configFlow.history.version"), primary: true, render: (v) => <A href={`/config/${params.table}/history/${v.version}`} data-col="version">v{v.version}</A> },
                { key: "kind", header: tr("configFlow.history.kind"), render: (v) => <span class="badge badge--muted" data-col="kind">{kindName(v.kind)}{v.restored_version ? ` ← v${v.restored_version}` : ""}</span> },
                { key: "operator", header: tr("configFlow.history.operator"), render: (v) => v.operator_name ?? v.operator_id },
                { key: "at", header: tr("configFlow.history.time"), render: (v) => formatTime(v.created_at) },
                { key: "reason", header: tr("configFlow.reason"), render: (v) => <span data-col="reason">{v.reason}</span> },
                { key: "summary", header: tr("configFlow.history.summary"), render: (v) => <code data-col="summary">{summaryText(v.summary)}</code> },
                {
                  key: "actions", header: "",
                  render: (v) => (
                    <Show when={can("config:publish") && v.version !== current()}>
                      <Button size="sm" data-testid="history-rollback" onClick={() => setTarget(v.version)}>{tr("configFlow.rollback.action")}</Button>
                    </Show>
                  ),
                },
              ]}
            />
            <Pagination page={p().page} pages={p().pages} total={p().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
      <RollbackDialog table={params.table} target={target()} current={current()} onClose={() => setTarget(null)} onDone={rolledBack} />
    </section>
  );
}
