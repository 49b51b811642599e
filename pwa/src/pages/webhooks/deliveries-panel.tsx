import { createResource, Show, type JSX } from "solid-js";
import { webhooksApi, type WebhookDelivery } from "../../data/webhooks.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { ResourceView } from "../../ui/states.tsx";

/** A subscription's latest deliveries (status, attempts, last answer) with replay. */
export function DeliveriesPanel(props: { subscriptionId: string }): JSX.Element {
  const [page, { refetch }] = createResource(() => props.subscriptionId, (id) => webhooksApi.deliveries(id, { page_size: 50 }));
  const replay = async (d: WebhookDelivery) => {
    try {
      await webhooksApi.replay(d.id);
      notify.success(tr("webhooks.replayed"));
      await refetch();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <section data-testid="webhook-deliveries">
      <h3>{tr("webhooks.deliveries")}</h3>
      <ResourceView resource={page} retry={refetch}>
        {(p) => (
          <Show when={p().items.length} fallback={<p class="muted">{tr("webhooks.no_deliveries")}</p>}>
            <DataTable<WebhookDelivery>
              testid="webhook-delivery-table"
              items={p().items}
              rowKey={(d) => d.id}
              columns={[
                { key: "event", header: tr("webhooks.event_type"), primary: true, render: (d) => <code data-col="event">{d.event_type}</code> },
                { key: "status", header: tr("webhooks.status"), render: (d) => <span data-col="status" data-status={d.status}>{tr(`webhooks.delivery_status.${d.status}`)}</span> },
                { key: "attempts", header: tr("webhooks.attempts"), render: (d) => <span data-col="attempts">{d.attempts}</span> },
                { key: "code", header: tr("webhooks.response_code"), render: (d) => d.response_code ?? d.last_error ?? "—" },
                { key: "at", header: tr("webhooks.created_at"), render: (d) => formatTime(d.created_at) },
                { key: "replay", header: "", render: (d) => <Button size="sm" data-testid="webhook-replay" onClick={() => void replay(d)}>{tr("webhooks.replay")}</Button> },
              ]}
            />
          </Show>
        )}
      </ResourceView>
    </section>
  );
}
