import { createResource, Show, type JSX } from "solid-js";
import { api } from "../../../data/client.ts";
import type { User } from "../../../data/types.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { Dialog } from "../../../ui/dialog.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { UserActionButtons, type UserAction } from "./user-actions.tsx";

/**
 * One user, opened from `?id=` (a workbench to-do, a shared link) or from a name in the list: who
 * they are, their state, and the same action buttons as their row. A user outside the reader's
 * data scope reads as not found, as the API answers.
 */
export function UserDetailDialog(props: { id: string; onClose: () => void; onAction: (action: UserAction, user: User) => void }): JSX.Element {
  const [user, { refetch }] = createResource(() => props.id, (id) => api.get<User>(`/users/${encodeURIComponent(id)}`));
  return (
    <Dialog open onOpenChange={(o) => !o && props.onClose()} title={user.latest?.display_name ?? tr("users.detail")} size="md" testid="user-detail">
      <ResourceView resource={user} retry={refetch}>
        {(u) => (
          <>
            <dl class="facts" data-testid="user-detail-facts">
              <dt>{tr("users.username")}</dt>
              <dd data-field="username">{u().username}</dd>
              <dt>{tr("users.department")}</dt>
              <dd>{u().dept_name ?? "—"}</dd>
              <dt>{tr("users.roles")}</dt>
              <dd>{u().roles.map((r) => r.name).join("、") || "—"}</dd>
              <dt>{tr("users.status")}</dt>
              <dd class="row row--tight">
                <span class={`badge ${u().status === "active" ? "badge--ok" : "badge--muted"}`}>{tr(`users.status_${u().status}`)}</span>
                <Show when={u().locked}>
                  <span class="badge badge--warn" data-testid="user-detail-locked">{tr("users.locked_until", { time: formatTime(u().locked_until) })}</span>
                </Show>
                <Show when={u().mfa_enabled}><span class="badge">MFA</span></Show>
              </dd>
              <dt>{tr("users.contact")}</dt>
              <dd>{[u().phone, u().email].filter(Boolean).join(" · ") || "—"}</dd>
              <dt>{tr("users.last_login_at")}</dt>
              <dd>{u().last_login_at ? formatTime(u().last_login_at) : tr("users.never_signed_in")}</dd>
              <dt>{tr("users.created_at")}</dt>
              <dd>{formatTime(u().created_at)}</dd>
            </dl>
            <UserActionButtons user={u()} onAction={props.onAction} />
          </>
        )}
      </ResourceView>
    </Dialog>
  );
}
