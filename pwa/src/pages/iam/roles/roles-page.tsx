import { createResource, createSignal, Show, type JSX } from "solid-js";
import { rolesApi } from "../../../data/directory.ts";
import type { Role } from "../../../data/types.ts";
import { can } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { ConfirmDialog } from "../../../ui/confirm-dialog.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { RoleDialog } from "./role-dialog.tsx";

/** Roles: list with scope and size; the dialog edits the permission tree. Built-in roles cannot be deleted. */
export default function RolesPage(): JSX.Element {
  const [roles, { refetch }] = createResource(() => rolesApi.list());
  const [editing, setEditing] = createSignal<Role | "new" | null>(null);
  const [deleting, setDeleting] = createSignal<Role | null>(null);
  const parentName = (r: Role) => roles.latest?.find((x) => x.id === r.parent_id)?.name ?? "—";

  return (
    <section class="page" data-testid="roles-page">
      <PageHeader
        title={tr("nav.roles")}
        actions={
          <Show when={can("iam:role:create")}>
            <Button variant="primary" onClick={() => setEditing("new")} data-testid="role-create">
              <Icon name="plus" size={16} /> {tr("roles.create")}
            </Button>
          </Show>
        }
      />
      <ResourceView resource={roles} retry={refetch}>
        {(items) => (
          <DataTable
            testid="roles-table"
            items={items()}
            rowKey={(r) => r.id}
            columns={[
              { key: "name", header: tr("roles.name"), primary: true, render: (r) => <><strong>{r.name}</strong> <span class="muted">{r.code}</span></> },
              { key: "parent", header: tr("roles.parent"), render: parentName },
              { key: "scope", header: tr("roles.data_scope"), render: (r) => tr(`roles.scope_${r.data_scope}`) },
              { key: "users", header: tr("roles.user_count"), render: (r) => String(r.user_count ?? 0) },
              { key: "flags", header: tr("roles.flags"), render: (r) => <span class="row row--tight"><Show when={r.builtin}><span class="badge">{tr("roles.builtin")}</span></Show><Show when={r.mfa_required}><span class="badge badge--warn">MFA</span></Show></span> },
              {
                key: "actions",
                header: tr("common.actions"),
                class: "table__actions",
                render: (r) => (
                  <span class="row row--tight">
                    <Show when={can("iam:role:update")}>
                      <Button size="sm" variant="ghost" onClick={() => setEditing(r)} data-testid={`role-edit-${r.code}`}>{tr("common.edit")}</Button>
                    </Show>
                    <Show when={can("iam:role:delete") && !r.builtin}>
                      <Button size="sm" variant="ghost" class="text-danger" onClick={() => setDeleting(r)}>{tr("common.delete")}</Button>
                    </Show>
                  </span>
                ),
              },
            ]}
          />
        )}
      </ResourceView>
      <Show when={editing()}>
        {(r) => <RoleDialog role={r() === "new" ? null : (r() as Role)} roles={roles.latest ?? []} onClose={() => setEditing(null)} onSaved={refetch} />}
      </Show>
      <ConfirmDialog
        open={!!deleting()}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={tr("roles.delete")}
        message={tr("roles.confirm_delete", { name: deleting()?.name ?? "" })}
        danger
        onConfirm={async () => {
          await rolesApi.remove(deleting()!.id);
          notify.success(tr("common.deleted"));
          await refetch();
        }}
      />
    </section>
  );
}
