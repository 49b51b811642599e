import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, Show, type JSX } from "solid-js";
import { configFlowApi } from "../../../data/config-flow.ts";
import { can, me } from "../../../providers/auth.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { ConfirmDialog } from "../../../ui/confirm-dialog.tsx";
import { DiffView } from "../../../ui/diff/diff-view.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { ReasonDialog } from "../history/reason-dialog.tsx";
import { ApprovalProgress } from "./approval-progress.tsx";
import { csStatusBadge, csStatusName, grayText } from "./status.ts";
import "../history/config-flow.css";

/**
 * One change set: status, author, reason, the diff the approver reads, the approval's progress, the
 * release plan (now / at a time, full or gray) and what it became; the author withdraws a pending set,
 * config:emergency publishes without review after a reason and a warning.
 */
export default function ChangeSetPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [cs, { refetch, mutate }] = createResource(() => params.id, (id) => configFlowApi.changeSet(id));
  const [withdrawing, setWithdrawing] = createSignal(false);
  const [emergency, setEmergency] = createSignal(false);
  const open = () => cs()?.status === "pending" || cs()?.status === "approved" || cs()?.status === "scheduled";
  return (
    <section class="page" data-testid="change-set-page">
      <ResourceView resource={cs} retry={refetch}>
        {(s) => (
          <>
            <PageHeader
              title={tr("configFlow.cs.detail_title", { table: s().table })}
              actions={
                <div class="config-flow__actions">
                  <Show when={s().status === "pending" && s().author_id === me()?.id}>
                    <Button data-testid="cs-withdraw" onClick={() => setWithdrawing(true)}>{tr("configFlow.cs.withdraw")}</Button>
                  </Show>
                  <Show when={open() && can("config:emergency")}>
                    <Button variant="danger" data-testid="cs-emergency" onClick={() => setEmergency(true)}>{tr("configFlow.cs.emergency")}</Button>
                  </Show>
                </div>
              }
            />
            <div class="config-flow__grid">
              <section class="card config-flow__section">
                <dl class="config-flow__facts" data-testid="cs-facts">
                  <dt>{tr("configFlow.cs.status")}</dt>
                  <dd><span class={csStatusBadge(s().status)} data-testid="cs-status" data-status={s().status}>{csStatusName(s().status)}</span><Show when={s().emergency}> <span class="badge badge--danger">{tr("configFlow.cs.emergency_badge")}</span></Show></dd>
                  <dt>{tr("configFlow.cs.table")}</dt>
                  <dd><A href={`/config/${s().table}`}>{s().table}</A></dd>
                  <dt>{tr("configFlow.cs.author")}</dt>
                  <dd>{s().author_name ?? s().author_id}</dd>
                  <dt>{tr("configFlow.reason")}</dt>
                  <dd data-testid="cs-reason">{s().reason}</dd>
                  <dt>{tr("configFlow.history.time")}</dt>
                  <dd>{formatTime(s().created_at)}</dd>
                  <dt>{tr("configFlow.cs.plan")}</dt>
                  <dd data-testid="cs-plan">
                    {s().release_at ? tr("configFlow.cs.plan_at", { at: formatTime(s().release_at) }) : tr("configFlow.cs.plan_now")} · {grayText(s().gray)}
                  </dd>
                  <Show when={s().version}>
                    <dt>{tr("configFlow.history.version")}</dt>
                    <dd><A href={`/config/${s().table}/history/${s().version}`} data-testid="cs-version">v{s().version}</A></dd>
                  </Show>
                  <Show when={s().release}>
                    <dt>{tr("configFlow.rel.number")}</dt>
                    <dd><A href={`/config/${s().table}/releases`} data-testid="cs-release">#{s().release}</A></dd>
                  </Show>
                  <Show when={s().error}>
                    <dt>{tr("configFlow.cs.error")}</dt>
                    <dd class="field__error" data-testid="cs-error">{s().error}</dd>
                  </Show>
                </dl>
              </section>
              <Show when={s().approval_id}>{(id) => <section class="card"><ApprovalProgress approvalId={id()} /></section>}</Show>
            </div>
            <h2 class="config-flow__h">{tr("configFlow.cs.diff")}</h2>
            <DiffView entries={s().diff} />
          </>
        )}
      </ResourceView>
      <ConfirmDialog
        open={withdrawing()} onOpenChange={setWithdrawing} title={tr("configFlow.cs.withdraw")} message={tr("configFlow.cs.withdraw_confirm")}
        onConfirm={async () => {
          mutate(await configFlowApi.withdraw(params.id));
          notify.success(tr("configFlow.cs.withdrawn"));
          void refetch();
        }}
      />
      <ReasonDialog
        open={emergency()} onOpenChange={setEmergency} title={tr("configFlow.cs.emergency")} confirmLabel={tr("configFlow.cs.emergency_confirm")} danger testid="emergency-dialog"
        onConfirm={async (reason) => {
          mutate(await configFlowApi.emergencyPublish(params.id, reason));
          notify.success(tr("configFlow.cs.emergency_done"));
          void refetch();
        }}
      >
        <p class="config-flow__warning" role="alert">{tr("configFlow.cs.emergency_warning")}</p>
      </ReasonDialog>
    </section>
  );
}
