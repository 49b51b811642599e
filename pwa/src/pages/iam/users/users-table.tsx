import { Show, type JSX } from "solid-js";
import type { User } from "../../../data/types.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { DataTable } from "../../../ui/data-table.tsx";
import { UserActionButtons, type UserAction } from "./user-actions.tsx";

/** The user list; a name opens the user's details; status and lock show as badges; actions depend on button permissions. */
export function UsersTable(props: { items: User[]; hrefOf: (u: User) => string; onAction: (action: UserAction, u: User) => void }): JSX.Element {
  return (
    <DataTable
      testid="users-table"
      items={props.items}
      rowKey={(u) => u.id}
      empty={tr("users.empty")}
      columns={[
        { key: "name", header: tr("users.display_name"), primary: true, render: (u) => (
            <a class="cell-stack" href={props.hrefOf(u)} data-testid="user-open">
              <strong>{u.display_name}</strong>
              <span class="muted">@{u.username}</span>
            </a>
          ),
        },
        { key: "dept", header: tr("users.department"), render: (u) => u.dept_name ?? "—" },
        { key: "roles", header: tr("users.roles"), render: (u) => (u.roles ?? []).map((r) => r.name).join("、") || "—" },
        { key: "contact", header: tr("users.contact"), class: "table__wrap", render: (u) => <span class="cell-stack"><span>{u.phone ?? ""}</span><span class="muted">{u.email ?? ""}</span></span> },
        {
          key: "status",
          header: tr("users.status"),
          render: (u) => (
            <span class="row row--tight">
              <span class={`badge ${u.status === "active" ? "badge--ok" : "badge--muted"}`}>{tr(`users.status_${u.status}`)}</span>
              <Show when={u.locked}><span class="badge badge--warn">{tr("users.locked")}</span></Show>
              <Show when={u.mfa_enabled}><span class="badge">MFA</span></Show>
            </span>
          ),
        },
        { key: "last", header: tr("users.last_login_at"), render: (u) => formatTime(u.last_login_at) },
        { key: "actions", header: tr("common.actions"), class: "table__actions", render: (u) => <UserActionButtons user={u} onAction={props.onAction} /> },
      ]}
    />
  );
}
