import { createResource, createSignal, type JSX } from "solid-js";
import { api } from "../../data/client.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { ResourceView } from "../../ui/states.tsx";

/** An account of mine elsewhere (Feishu, DingTalk, WeCom, Slack, OIDC, LDAP), from sign-in or a chat binding. */
export type LinkedIdentity = { id: string; provider: string; subject: string; name: string | null; created_at: string };

const identitiesApi = {
  mine: () => api.get<LinkedIdentity[]>("/auth/identities"),
  unlink: (id: string) => api.del<unknown>(`/auth/identities/${encodeURIComponent(id)}`),
};

function providerName(provider: string): string {
  const key = `identities.provider_${provider}`;
  const text = tr(key);
  return text === key ? provider : text;
}

/**
 * My linked accounts with unlink (confirmed). The API refuses to unlink the last way to sign in of
 * an account without a password (409); that message shows as the error toast.
 */
export function IdentitiesPanel(): JSX.Element {
  const [items, { refetch }] = createResource(identitiesApi.mine);
  const [unlinking, setUnlinking] = createSignal<LinkedIdentity | null>(null);
  return (
    <div data-testid="identities-panel">
      <ResourceView resource={items} retry={refetch}>
        {(list) => (
          <DataTable
            items={list()}
            rowKey={(i) => i.id}
            empty={tr("identities.empty")}
            columns={[
              { key: "provider", header: tr("identities.provider"), primary: true, render: (i) => <span data-testid="identity-provider" data-provider={i.provider}>{providerName(i.provider)}</span> },
              { key: "account", header: tr("identities.account"), render: (i) => (i.name ? `${i.name} (${i.subject})` : i.subject) },
              { key: "linked", header: tr("identities.linked_at"), render: (i) => formatTime(i.created_at) },
              { key: "actions", header: tr("common.actions"), class: "table__actions", render: (i) => <Button size="sm" variant="danger" data-testid="identity-unlink" onClick={() => setUnlinking(i)}>{tr("identities.unlink")}</Button> },
            ]}
          />
        )}
      </ResourceView>
      <ConfirmDialog
        open={!!unlinking()}
        onOpenChange={(o) => !o && setUnlinking(null)}
        title={tr("identities.unlink")}
        message={tr("identities.unlink_confirm")}
        danger
        onConfirm={async () => {
          await identitiesApi.unlink(unlinking()!.id);
          notify.success(tr("identities.unlinked"));
          await refetch();
        }}
      />
    </div>
  );
}
