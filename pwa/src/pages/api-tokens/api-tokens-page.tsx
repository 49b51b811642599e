import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { apiTokensApi, type ApiToken, type CreatedToken } from "../../data/api-tokens.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TokenDialog, TokenSecretDialog } from "./token-dialog.tsx";

const state = (t: ApiToken): "revoked" | "expired" | "active" =>
  t.revoked_at ? "revoked" : t.expires_at && new Date(t.expires_at).getTime() <= Date.now() ? "expired" : "active";
const BADGE = { revoked: "badge badge--danger", expired: "badge badge--muted", active: "badge badge--ok" } as const;

/**
 * API 令牌 (iam:token:manage): read-only tokens for config consumers and third parties — their scopes,
 * labels, expiry and last use; a new one is shown once with a copy button; revoke after a confirm.
 */
export default function ApiTokensPage(): JSX.Element {
  const [list, { refetch }] = createResource(() => apiTokensApi.list());
  const [creating, setCreating] = createSignal(false);
  const [secret, setSecret] = createSignal<string | null>(null);
  const [revoking, setRevoking] = createSignal<ApiToken | null>(null);
  const created = (t: CreatedToken) => {
    setCreating(false);
    setSecret(t.token ?? t.secret ?? "");
    void refetch();
  };
  return (
    <section class="page" data-testid="api-tokens-page">
      <PageHeader title={tr("apiTokens.title")} subtitle={tr("apiTokens.subtitle")} actions={<Button variant="primary" data-testid="token-new" onClick={() => setCreating(true)}>{tr("apiTokens.new")}</Button>} />
      <ResourceView resource={list} retry={refetch}>
        {(items) => (
          <DataTable<ApiToken>
            testid="token-table"
            items={items()}
            empty={tr("apiTokens.empty")}
            rowKey={(t) => t.id}
            columns={[
              { key: "name", header: tr("apiTokens.name"), primary: true, render: (t) => <span data-col="name">{t.name}</span> },
              { key: "scopes", header: tr("apiTokens.scopes"), render: (t) => <span data-col="scopes"><For each={t.scopes}>{(s) => <code class="badge badge--muted badge--kind">{s}</code>}</For></span> },
              { key: "labels", header: tr("apiTokens.labels"), render: (t) => t.labels.join(", ") || "—" },
              { key: "expires", header: tr("apiTokens.expires"), render: (t) => (t.expires_at ? formatTime(t.expires_at) : tr("apiTokens.never")) },
              { key: "used", header: tr("apiTokens.last_used"), render: (t) => formatTime(t.last_used_at) },
              { key: "state", header: tr("apiTokens.status"), render: (t) => <span class={BADGE[state(t)]} data-col="state" data-state={state(t)}>{tr(`apiTokens.state.${state(t)}`)}</span> },
              {
                key: "actions", header: "",
                render: (t) => (
                  <Show when={!t.revoked_at}>
                    <Button size="sm" variant="danger" data-testid="token-revoke" onClick={() => setRevoking(t)}>{tr("apiTokens.revoke")}</Button>
                  </Show>
                ),
              },
            ]}
          />
        )}
      </ResourceView>
      <TokenDialog open={creating()} onOpenChange={setCreating} onCreated={created} />
      <TokenSecretDialog secret={secret()} onClose={() => setSecret(null)} />
      <ConfirmDialog
        open={revoking() !== null} onOpenChange={(o) => !o && setRevoking(null)} title={tr("apiTokens.revoke")} danger
        message={tr("apiTokens.revoke_confirm", { name: revoking()?.name ?? "" })}
        onConfirm={async () => {
          await apiTokensApi.revoke(revoking()!.id);
          setRevoking(null);
          notify.success(tr("apiTokens.revoked"));
          await refetch();
        }}
      />
    </section>
  );
}
