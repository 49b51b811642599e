import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, Show, type JSX } from "solid-js";
import { configFlowApi } from "../../../data/config-flow.ts";
import { can } from "../../../providers/auth.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { DiffView } from "../../../ui/diff/diff-view.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { kindName, summaryText } from "./kinds.ts";
import { RollbackDialog } from "./rollback-dialog.tsx";
import { TableLinks } from "./table-links.tsx";
import "./config-flow.css";

/** One version: who, when, why, what kind, and its diff against the version before; 回滚到此版本 (config:publish). */
export default function ConfigVersionPage(): JSX.Element {
  const params = useParams<{ table: string; version: string }>();
  const navigate = useNavigate();
  const [table] = createResource(() => params.table, (n) => configFlowApi.table(n));
  const [detail, { refetch }] = createResource(() => ({ table: params.table, v: Number(params.version) }), (k) => configFlowApi.version(k.table, k.v));
  const [rolling, setRolling] = createSignal(false);
  const current = () => table()?.version ?? 0;
  return (
    <section class="page" data-testid="config-version-page">
      <PageHeader
        title={tr("configFlow.version.title", { table: table()?.display_name ?? params.table, v: params.version })}
        actions={<TableLinks table={params.table} here="history" />}
      />
      <ResourceView resource={detail} retry={refetch}>
        {(d) => (
          <>
            <section class="card config-flow__section">
              <dl class="config-flow__facts" data-testid="version-facts">
                <dt>{tr("configFlow.history.kind")}</dt>
                <dd>{kindName(d().version.kind)}<Show when={d().version.restored_version}> ← <A href={`/config/${params.table}/history/${d().version.restored_version}`}>v{d().version.restored_version}</A></Show></dd>
                <dt>{tr("configFlow.history.operator")}</dt>
                <dd>{d().version.operator_name ?? d().version.operator_id}</dd>
                <dt>{tr("configFlow.history.time")}</dt>
                <dd>{formatTime(d().version.created_at)}</dd>
                <dt>{tr("configFlow.reason")}</dt>
                <dd data-testid="version-reason">{d().version.reason}</dd>
                <dt>{tr("configFlow.history.summary")}</dt>
                <dd><code>{summaryText(d().version.summary)}</code></dd>
                <Show when={d().version.change_set_id}>
                  <dt>{tr("configFlow.cs.one")}</dt>
                  <dd><A href={`/config/change-sets/${d().version.change_set_id}`}>{tr("configFlow.cs.open")}</A></dd>
                </Show>
              </dl>
              <div class="config-flow__actions">
                <Show when={d().version.version > 1}>
                  <A class="btn btn--secondary btn--sm" href={`/config/${params.table}/history?from=${d().version.version - 1}&to=${d().version.version}`}>{tr("configFlow.version.compare_prev")}</A>
                </Show>
                <Show when={can("config:publish") && d().version.version !== current()}>
                  <Button size="sm" variant="danger" data-testid="version-rollback" onClick={() => setRolling(true)}>{tr("configFlow.rollback.action")}</Button>
                </Show>
              </div>
            </section>
            <h2 class="config-flow__h">{tr("configFlow.version.diff_prev")}</h2>
            <DiffView entries={d().diff} />
          </>
        )}
      </ResourceView>
      <RollbackDialog
        table={params.table} target={rolling() ? Number(params.version) : null} current={current()} onClose={() => setRolling(false)}
        onDone={() => {
          notify.success(tr("configFlow.rollback.done"));
          navigate(`/config/${params.table}/history`);
        }}
      />
    </section>
  );
}
