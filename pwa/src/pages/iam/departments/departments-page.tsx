import { createResource, createSignal, Show, type JSX } from "solid-js";
import { departmentsApi } from "../../../data/directory.ts";
import type { Department } from "../../../data/types.ts";
import { can } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { ConfirmDialog } from "../../../ui/confirm-dialog.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { Tree } from "../../../ui/tree.tsx";
import { DeptDialog, type DeptDialogState } from "./dept-dialog.tsx";

/** Department tree: expand/collapse, add a child, edit, delete (the API refuses non-empty ones with 409). */
export default function DepartmentsPage(): JSX.Element {
  const [tree, { refetch }] = createResource(() => departmentsApi.tree());
  const [dialog, setDialog] = createSignal<DeptDialogState | null>(null);
  const [deleting, setDeleting] = createSignal<Department | null>(null);

  const row = (d: Department) => (
    <div class="tree__line" data-testid="dept-row">
      <span class="tree__name">{d.name}</span>
      <span class="muted tree__meta">
        {d.leader_name ? `${tr("departments.leader")}: ${d.leader_name} · ` : ""}
        {tr("departments.user_count", { n: d.user_count ?? 0 })}
      </span>
      <span class="tree__actions">
        <Show when={can("iam:dept:create")}>
          <Button size="sm" variant="ghost" onClick={() => setDialog({ parentId: d.id })}>{tr("departments.add_child")}</Button>
        </Show>
        <Show when={can("iam:dept:update")}>
          <Button size="sm" variant="ghost" onClick={() => setDialog({ dept: d, parentId: d.parent_id })}>{tr("common.edit")}</Button>
        </Show>
        <Show when={can("iam:dept:delete") && d.parent_id}>
          <Button size="sm" variant="ghost" class="text-danger" onClick={() => setDeleting(d)}>{tr("common.delete")}</Button>
        </Show>
      </span>
    </div>
  );

  return (
    <section class="page" data-testid="departments-page">
      <PageHeader
        title={tr("nav.departments")}
        actions={
          <Show when={can("iam:dept:create")}>
            <Button variant="primary" onClick={() => setDialog({ parentId: tree.latest?.[0]?.id ?? null })}>
              <Icon name="plus" size={16} /> {tr("departments.create")}
            </Button>
          </Show>
        }
      />
      <ResourceView resource={tree} retry={refetch}>
        {(nodes) => (
          <div class="card">
            <Tree nodes={nodes()} id={(d) => d.id} children={(d) => d.children ?? []} openDepth={2} row={row} label={tr("nav.departments")} />
          </div>
        )}
      </ResourceView>
      <Show when={dialog()}>
        {(state) => <DeptDialog state={state()} tree={tree.latest ?? []} onClose={() => setDialog(null)} onSaved={refetch} />}
      </Show>
      <ConfirmDialog
        open={!!deleting()}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={tr("departments.delete")}
        message={tr("departments.confirm_delete", { name: deleting()?.name ?? "" })}
        danger
        onConfirm={async () => {
          await departmentsApi.remove(deleting()!.id);
          notify.success(tr("common.deleted"));
          await refetch();
        }}
      />
    </section>
  );
}
