import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { notifyWebhooksApi, type NotifyWebhook } from "../../data/notify-webhooks.ts";
import { tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { NotifySecretDialog, NotifyWebhookDialog } from "./notify-webhook-dialog.tsx";
import "./notify-webhooks-texts.ts";

/** `*` reads as 全部; other types as code chips. */
function Types(props: { types: string[] }): JSX.Element {
  return (
    <span data-col="types">
      <For each={props.types}>{(t) => (t === "*" ? <span class="badge">{tr("nwh.all_types")}</span> : <code>{t} </code>)}</For>
    </span>
  );
}

/**
 * 通知 Webhook 与群机器人 (notify:manage): every endpoint notifications are pushed to, generic (signed JSON; its secret
 * shown once at creation) or a WeCom group robot (its URL comes masked: the key in it is the secret). Create, delete.
 */
export default function NotifyWebhooksPage(): JSX.Element {
  const [list, { refetch }] = createResource(() => notifyWebhooksApi.list());
  const [creating, setCreating] = createSignal(false);
  const [secret, setSecret] = createSignal<string | null>(null);
  const [deleting, setDeleting] = createSignal<NotifyWebhook | null>(null);
  const created = (w: NotifyWebhook & { secret?: string }) => {
    setCreating(false);
    notify.success(tr("nwh.created"));
    if (w.secret) setSecret(w.secret);
    void refetch();
  };
  const remove = async () => {
    try {
      await notifyWebhooksApi.remove(deleting()!.id);
      setDeleting(null);
      notify.success(tr("nwh.deleted"));
      await refetch();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <section class="page" data-testid="notify-webhooks-page">
      <PageHeader title={tr("nwh.title")} subtitle={tr("nwh.subtitle")} actions={<Button variant="primary" data-testid="nwh-new" onClick={() => setCreating(true)}>{tr("nwh.new")}</Button>} />
      <ResourceView resource={list} retry={refetch}>
        {(items) => (
          <DataTable<NotifyWebhook>
            testid="nwh-table"
            items={items()}
            empty={tr("nwh.empty")}
            rowKey={(w) => w.id}
            columns={[
              { key: "name", header: tr("nwh.name"), primary: true, render: (w) => <span data-col="name">{w.name}</span> },
              { key: "kind", header: tr("nwh.kind"), render: (w) => <span data-col="kind">{tr(`nwh.kind.${w.kind}`)}</span> },
              { key: "url", header: tr("nwh.url"), render: (w) => <code data-col="url">{w.url}</code> },
              { key: "types", header: tr("nwh.types"), render: (w) => <Types types={w.types} /> },
              { key: "enabled", header: tr("nwh.enabled"), render: (w) => <span data-col="enabled">{tr(w.enabled ? "nwh.state.on" : "nwh.state.off")}</span> },
              {
                key: "mentions", header: tr("nwh.mentions"),
                render: (w) => <span data-col="mentions"><Show when={w.kind === "wecom" && w.mentions.length} fallback="—">{w.mentions.join("、")}</Show></span>,
              },
              {
                key: "actions", header: "",
                render: (w) => <Button size="sm" variant="danger" data-testid="nwh-delete" onClick={() => setDeleting(w)}>{tr("nwh.delete")}</Button>,
              },
            ]}
          />
        )}
      </ResourceView>
      <NotifyWebhookDialog open={creating()} onOpenChange={setCreating} onCreated={created} />
      <NotifySecretDialog secret={secret()} onClose={() => setSecret(null)} />
      <ConfirmDialog
        open={deleting() !== null} onOpenChange={(o) => !o && setDeleting(null)} title={tr("nwh.delete")} danger
        message={tr("nwh.delete_confirm", { name: deleting()?.name ?? "" })} onConfirm={remove}
      />
    </section>
  );
}
