import { createResource, createSignal, Show, type JSX } from "solid-js";
import { usersApi } from "../../../data/directory.ts";
import { createPagedResource } from "../../../data/paged.ts";
import type { User } from "../../../data/types.ts";
import { can } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";
import { notifyError } from "../../../providers/toast.tsx";
import { saveBlob } from "../../audit/download.ts";
import { Button } from "../../../ui/button.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { Pagination } from "../../../ui/pagination.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { departmentsOrEmpty, rolesOrEmpty } from "../dept-options.ts";
import { DeptFilter } from "./dept-filter.tsx";
import { UserDialog } from "./user-dialog.tsx";
import { UserFilters, type UserFilterValues } from "./user-filters.tsx";
import { UsersTable } from "./users-table.tsx";
import { UserActionDialogs, type PendingAction, type UserAction } from "./user-actions.tsx";
import { UsersImportDialog } from "./users-import-dialog.tsx";

/** Users: search, department (tree) and status filters, paginated list, dialogs for edits, import, export of the current filter. */
export default function UsersPage(): JSX.Element {
  const list = createPagedResource(usersApi.list, { q: "", status: "", dept_id: "", include_children: "true" } as UserFilterValues);
  const [departments] = createResource(departmentsOrEmpty, { initialValue: [] });
  const [roles] = createResource(rolesOrEmpty, { initialValue: [] });
  const [editing, setEditing] = createSignal<User | "new" | null>(null);
  const [pending, setPending] = createSignal<PendingAction | null>(null);
  const onAction = (action: UserAction, user: User) => (action === "edit" ? setEditing(user) : setPending({ action, user }));
  const [exporting, setExporting] = createSignal<"csv" | "xlsx" | null>(null);
  const [importing, setImporting] = createSignal(false);
  // built by the server from the list's filters: data-scoped, masked and audited as the list is
  const exportFile = async (format: "csv" | "xlsx") => {
    setExporting(format);
    try {
      const { blob, filename } = await usersApi.exportFile(list.filters(), format);
      saveBlob(blob, filename);
    } catch (e) {
      notifyError(e);
    } finally {
      setExporting(null);
    }
  };

  return (
    <section class="page" data-testid="users-page">
      <PageHeader
        title={tr("nav.users")}
        actions={
          <>
            <Button onClick={() => exportFile("csv")} loading={exporting() === "csv"} data-testid="user-export">{tr("users.export")}</Button>
            <Button onClick={() => exportFile("xlsx")} loading={exporting() === "xlsx"} data-testid="user-export-xlsx">{tr("users.export_xlsx")}</Button>
            <Show when={can("iam:user:create")}>
              <Button onClick={() => setImporting(true)} data-testid="user-import">{tr("users.import")}</Button>
              <Button variant="primary" onClick={() => setEditing("new")} data-testid="user-create">
                <Icon name="plus" size={16} /> {tr("users.create")}
              </Button>
            </Show>
          </>
        }
      />
      <UserFilters value={list.filters()} onChange={list.setFilters}>
        <DeptFilter tree={departments()} value={list.filters().dept_id} onChange={(dept_id) => list.setFilters({ ...list.filters(), dept_id })} />
      </UserFilters>
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <UsersTable items={page().items} onAction={onAction} />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
      <UsersImportDialog open={importing()} onClose={() => setImporting(false)} onImported={() => list.refetch()} />
      <UserActionDialogs pending={pending()} onClose={() => setPending(null)} onChanged={() => list.refetch()} />
      <Show when={editing()}>
        {(u) => (
          <UserDialog
            user={u() === "new" ? null : (u() as User)}
            departments={departments()}
            roles={roles()}
            onClose={() => setEditing(null)}
            onSaved={() => list.refetch()}
          />
        )}
      </Show>
    </section>
  );
}
