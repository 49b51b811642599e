import { createResource, createSignal, Show, type JSX } from "solid-js";
import { webhooksApi, type WebhookSubscription } from "../../data/webhooks.ts";
import { tr } from "../../providers/i18n.ts";
import { notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { DeliveriesPanel } from "./deliveries-panel.tsx";
import { SecretDialog, SubscriptionDialog } from "./subscription-dialog.tsx";

/**
 * Webhook subscriptions (webhooks:manage): the list, a new one with its secret shown once,
 * rotate and delete, and a subscription's deliveries with replay.
 */
export default function WebhooksPage(): JSX.Element {
  const [list, { refetch }] = createResource(() => webhooksApi.list());
  const [creating, setCreating] = createSignal(false);
  const [secret, setSecret] = createSignal<string | null>(null);
  const [selected, setSelected] = createSignal<string | null>(null);
  const [rotating, setRotating] = createSignal<WebhookSubscription | null>(null);
  const [deleting, setDeleting] = createSignal<WebhookSubscription | null>(null);
  const created = (s: WebhookSubscription & { secret: string }) => {
    setCreating(false);
    setSecret(s.secret);
    setSelected(s.id);
    void refetch();
  };
  const act = (fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <section class="page" data-testid="webhooks-page">
      <PageHeader title={tr("webhooks.title")} subtitle={tr("webhooks.subtitle")} actions={<Button variant="primary" data-testid="webhook-new" onClick={() => setCreating(true)}>{tr("webhooks.new")}</Button>} />
      <ResourceView resource={list} retry={refetch}>
        {(subs) => (
          <DataTable<WebhookSubscription>
            testid="webhook-table"
            items={subs()}
            empty={tr("webhooks.empty")}
            rowKey={(s) => s.id}
            columns={[
              { key: "name", header: tr("webhooks.name"), primary: true, render: (s) => <span data-col="name">{s.name}</span> },
              { key: "url", header: tr("webhooks.url"), render: (s) => <code data-col="url">{s.url}</code> },
              { key: "events", header: tr("webhooks.events"), render: (s) => <span data-col="events">{s.events.length}</span> },
              { key: "active", header: tr("webhooks.status"), render: (s) => (s.active ? tr("webhooks.active") : tr("webhooks.inactive")) },
              {
                key: "actions", header: "",
                render: (s) => (
                  <span class="row-actions">
                    <Button size="sm" data-testid="webhook-deliveries-open" onClick={() => setSelected(s.id)}>{tr("webhooks.deliveries")}</Button>
                    <Button size="sm" data-testid="webhook-rotate" onClick={() => setRotating(s)}>{tr("webhooks.rotate")}</Button>
                    <Button size="sm" variant="danger" data-testid="webhook-delete" onClick={() => setDeleting(s)}>{tr("webhooks.delete")}</Button>
                  </span>
                ),
              },
            ]}
          />
        )}
      </ResourceView>
      <Show when={selected()} keyed>
        {(id) => <DeliveriesPanel subscriptionId={id} />}
      </Show>
      <SubscriptionDialog open={creating()} onOpenChange={setCreating} onCreated={created} />
      <SecretDialog secret={secret()} onClose={() => setSecret(null)} />
      <ConfirmDialog
        open={rotating() !== null} onOpenChange={(o) => !o && setRotating(null)} title={tr("webhooks.rotate")} message={tr("webhooks.rotate_confirm")}
        onConfirm={act(async () => {
          const r = await webhooksApi.rotate(rotating()!.id);
          setRotating(null);
          setSecret(r.secret);
        })}
      />
      <ConfirmDialog
        open={deleting() !== null} onOpenChange={(o) => !o && setDeleting(null)} title={tr("webhooks.delete")} danger
        message={tr("webhooks.delete_confirm", { name: deleting()?.name ?? "" })}
        onConfirm={act(async () => {
          const id = deleting()!.id;
          await webhooksApi.remove(id);
          setDeleting(null);
          if (selected() === id) setSelected(null);
          await refetch();
        })}
      />
    </section>
  );
}
