import { A } from "@solidjs/router";
import { createResource, createSignal, Show, type JSX } from "solid-js";
import { approvalDelegationsApi, type ApprovalDelegation, type DelegationState } from "../../data/approval-delegations.ts";
import { approvalsApi } from "../../data/approvals.ts";
import { can, me } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { DelegationForm } from "./delegation-form.tsx";

const BADGE: Record<DelegationState, string> = { active: "badge badge--ok", scheduled: "badge badge--warn", ended: "badge badge--muted" };

/**
 * 审批代理 (approvals:view): my delegations while away, those I hand over and those handed to me,
 * with their state (生效中/未开始/已结束); add one; remove one of mine after a confirm.
 */
export default function DelegationsPage(): JSX.Element {
  const myId = () => me()?.id ?? "";
  const [list, { refetch }] = createResource(() => approvalDelegationsApi.list({ page_size: 100 }));
  const [defs] = createResource(async () => (await approvalsApi.definitions({ page_size: 200 }).catch(() => ({ items: [] }))).items);
  const defName = (key: string) => defs()?.find((d) => d.key === key)?.name ?? key;
  const [removing, setRemoving] = createSignal<ApprovalDelegation | null>(null);
  const mine = (d: ApprovalDelegation) => d.user_id === myId();
  const who = (d: ApprovalDelegation) =>
    mine(d) ? tr("delegation.to_delegate", { name: d.delegate_name ?? d.delegate_id }) : tr("delegation.from_user", { name: d.user_name ?? d.user_id });

  return (
    <section class="page" data-testid="delegations-page">
      <PageHeader title={tr("delegation.title")} subtitle={tr("delegation.subtitle")}
        actions={<A class="btn btn--secondary btn--md" href="/approvals">{tr("approvals.title")}</A>} />
      <DelegationForm me={myId()} onCreated={() => void refetch()} />
      <ResourceView resource={list} retry={refetch}>
        {(page) => (
          <DataTable<ApprovalDelegation>
            testid="delegation-table"
            items={page().items}
            empty={tr("delegation.empty")}
            rowKey={(d) => d.id}
            columns={[
              { key: "who", header: tr("delegation.who"), primary: true, render: (d) => <span data-col="who" data-id={d.id}>{who(d)}</span> },
              { key: "state", header: tr("delegation.state"), render: (d) => <span class={BADGE[d.state]} data-col="state" data-state={d.state}>{tr(`delegation.state.${d.state}`)}</span> },
              { key: "range", header: tr("delegation.range"), render: (d) => <span data-col="range">{tr("delegation.range_value", { from: formatTime(d.starts_at), to: formatTime(d.ends_at) })}</span> },
              {
                key: "definitions", header: tr("delegation.definitions_col"),
                render: (d) => <span data-col="definitions">{d.definitions ? d.definitions.map(defName).join("、") : tr("delegation.definitions_all")}</span>,
              },
              { key: "reason", header: tr("delegation.reason"), render: (d) => <span data-col="reason">{d.reason || "—"}</span> },
              {
                key: "actions", header: "",
                render: (d) => (
                  <Show when={mine(d) || can("approvals:design")}>
                    <Button size="sm" variant="danger" data-testid="delegation-remove" onClick={() => setRemoving(d)}>{tr("delegation.remove")}</Button>
                  </Show>
                ),
              },
            ]}
          />
        )}
      </ResourceView>
      <ConfirmDialog
        open={removing() !== null} onOpenChange={(o) => !o && setRemoving(null)} title={tr("delegation.remove")} danger
        message={tr("delegation.remove_confirm", { name: removing()?.delegate_name ?? "" })}
        onConfirm={async () => {
          await approvalDelegationsApi.remove(removing()!.id);
          setRemoving(null);
          notify.success(tr("delegation.removed"));
          await refetch();
        }}
      />
    </section>
  );
}
