import "./texts.ts";
import { createResource, createSignal, For, type JSX } from "solid-js";
import { reportsApi, subscriptionsApi, type ReportSubscription } from "../../data/reports.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { ReportsNav } from "./reports-nav.tsx";
import { SubscriptionDialog } from "./subscription-dialog.tsx";
import "./reports.css";

/** `/reports/subscriptions` (reports:subscribe): scheduled digests, with 立即发送 to try one now. */
export default function SubscriptionsPage(): JSX.Element {
  const [list, { refetch }] = createResource(() => subscriptionsApi.list());
  const [reports] = createResource(() => reportsApi.list().then((p) => p.items).catch(() => []));
  const [editing, setEditing] = createSignal<ReportSubscription | null | undefined>(undefined);
  const title = (id: string) => reports()?.find((r) => r.id === id)?.title ?? id;
  const when = (s: ReportSubscription) =>
    tr(`reports.sub.when_${s.frequency}`, { time: s.time, day: s.day ?? "" });
  const run = async (s: ReportSubscription) => {
    try {
      await subscriptionsApi.run(s.id);
      notify.success(tr("reports.sub.sent"));
      void refetch();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <section class="page rpt-page" data-testid="subscriptions-page">
      <PageHeader title={tr("reports.sub.title")} subtitle={tr("reports.sub.subtitle")}
        actions={<Button variant="primary" onClick={() => setEditing(null)} data-testid="subscription-create">{tr("reports.sub.new")}</Button>} />
      <ReportsNav />
      <ResourceView resource={list} retry={refetch}>
        {(items) => (
          <div class="table-wrap">
            <table class="table" data-testid="subscriptions-table">
              <thead><tr><th>{tr("reports.sub.name")}</th><th>{tr("reports.report")}</th><th>{tr("reports.sub.frequency")}</th><th>{tr("reports.sub.next_run")}</th><th>{tr("reports.sub.last_status")}</th><th>{tr("common.actions")}</th></tr></thead>
              <tbody>
                <For each={items()} fallback={<tr class="table__empty"><td colSpan={6}>{tr("reports.sub.empty")}</td></tr>}>
                  {(s) => (
                    <tr class="table__row" data-testid="subscription-item" data-name={s.name}>
                      <td class="table__primary" data-label={tr("reports.sub.name")}><strong>{s.name}</strong>{s.enabled ? "" : ` · ${tr("reports.sub.disabled")}`}</td>
                      <td data-label={tr("reports.report")}>{title(s.report_id)}</td>
                      <td data-label={tr("reports.sub.frequency")}>{when(s)}</td>
                      <td data-label={tr("reports.sub.next_run")}>{formatTime(s.next_run_at)}</td>
                      <td data-label={tr("reports.sub.last_status")}>{s.last_status ? tr(`reports.sub.status_${s.last_status}`) : "—"}</td>
                      <td class="table__actions row-actions">
                        <Button size="sm" onClick={() => void run(s)} data-testid="subscription-run">{tr("reports.sub.run_now")}</Button>
                        <Button size="sm" variant="ghost" onClick={() => setEditing(s)}>{tr("common.edit")}</Button>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </ResourceView>
      <SubscriptionDialog open={editing() !== undefined} sub={editing() ?? null} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); void refetch(); }} />
    </section>
  );
}
