import { Show, type JSX } from "solid-js";
import type { SyncRun } from "../../../data/directory-sync.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { DataTable } from "../../../ui/data-table.tsx";
import { SyncPlanView } from "./sync-plan-view.tsx";

const STATUS_BADGE: Record<SyncRun["status"], string> = { running: "badge--warn", succeeded: "badge--ok", failed: "badge--danger" };

export function StatusBadge(props: { status: SyncRun["status"] }): JSX.Element {
  return <span class={`badge ${STATUS_BADGE[props.status]}`} data-status={props.status}>{tr(`dsync.status_${props.status}`)}</span>;
}

function counts(r: SyncRun): string {
  const s = r.plan?.summary;
  if (!s) return "—";
  const d = s.departments;
  const u = s.users;
  return tr("dsync.counts_text", { dc: d.create, du: d.update, dd: d.disable, uc: u.create, ul: u.link, uu: u.update, ud: u.disable, c: s.conflicts });
}

/** Recent runs (previews and applies, manual and scheduled); a row opens to its plan. */
export function SyncHistory(props: { runs: SyncRun[]; deptNames?: Map<string, string> }): JSX.Element {
  return (
    <DataTable
      testid="dsync-history"
      items={props.runs}
      rowKey={(r) => r.id}
      empty={tr("dsync.no_history")}
      expand={(r) => <Show when={r.plan} fallback={<p class="muted">{r.error ?? "—"}</p>}>{(plan) => <SyncPlanView plan={plan()} deptNames={props.deptNames} />}</Show>}
      columns={[
        { key: "started", header: tr("dsync.started_at"), primary: true, render: (r) => formatTime(r.started_at) },
        { key: "provider", header: tr("dsync.provider"), render: (r) => tr(`dsync.provider_${r.provider}`) },
        { key: "kind", header: tr("dsync.kind"), render: (r) => tr(r.dry_run ? "dsync.kind_preview" : "dsync.kind_apply") },
        { key: "trigger", header: tr("dsync.trigger"), render: (r) => tr(`dsync.trigger_${r.trigger}`) },
        { key: "status", header: tr("dsync.status"), render: (r) => <StatusBadge status={r.status} /> },
        { key: "counts", header: tr("dsync.counts"), render: counts },
      ]}
    />
  );
}
