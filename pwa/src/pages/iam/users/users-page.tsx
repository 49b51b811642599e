import { useLocation, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, Show, type JSX } from "solid-js";
import { usersApi } from "../../../data/directory.ts";
import { createUrlPagedResource } from "../../../data/url-paged.ts";
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
import { UserDetailDialog } from "./user-detail-dialog.tsx";
import { UserDialog } from "./user-dialog.tsx";
import { USER_FILTER_KEYS, UserFilters } from "./user-filters.tsx";
import { UsersTable } from "./users-table.tsx";
import { UserActionDialogs, type PendingAction, type UserAction } from "./user-actions.tsx";
import { UsersImportDialog } from "./users-import-dialog.tsx";

/**
 * Users: search, department (tree), status and role filters kept in the URL (the workbench links to
 * `?status=locked`), paginated list, dialogs for edits, import, export of the current filter.
 */
export default function UsersPage(): JSX.Element {
  // a department filter takes its sub-departments too
  const list = createUrlPagedResource(usersApi.list, USER_FILTER_KEYS, (f) => ({ ...f, include_children: f.dept_id ? "true" : "" }));
  const [departments] = createResource(departmentsOrEmpty, { initialValue: [] });
  const [roles] = createResource(rolesOrEmpty, { initialValue: [] });
  const [editing, setEditing] = createSignal<User | "new" | null>(null);
  const [pending, setPending] = createSignal<PendingAction | null>(null);
  const onAction = (action: UserAction, user: User) => (action === "edit" ? setEditing(user) : setPending({ action, user }));
  // `?id=` opens one user's details over the list; closing goes back to the list as it was
  const [params, setParams] = useSearchParams<{ id?: string }>();
  const location = useLocation();
  const hrefOf = (u: User) => {
    const search = new URLSearchParams(location.search);
    search.set("id", u.id);
    return `${location.pathname}?${search}`;
  };
  const changed = () => list.refetch();
  const detailId = () => (typeof params.id === "string" && params.id ? params.id : null);
  // the action's own dialog takes over (one modal at a time)
  const actFromDetail = (action: UserAction, user: User) => {
    setParams({ id: undefined }, { replace: true });
    onAction(action, user);
  };
  const [exporting, setExporting] = createSignal<"csv" | "xlsx" | null>(null);
  const [importing, setImporting] = createSignal(false);
  // built by the server from the list's filters: data-scoped, masked and audited as the list is
  const exportFile = async (format: "csv" | "xlsx") => {
    setExporting(format);
    try {
      const { blob, filename } = await usersApi.exportFile(list.query(), format);
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
      <UserFilters value={list.filters()} roles={roles()} onChange={list.setFilters}>
        <DeptFilter tree={departments()} value={list.filters().dept_id} onChange={(dept_id) => list.setFilters({ dept_id })} />
      </UserFilters>
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <UsersTable items={page().items} hrefOf={hrefOf} onAction={onAction} />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
      <UsersImportDialog open={importing()} onClose={() => setImporting(false)} onImported={() => list.refetch()} />
      <UserActionDialogs pending={pending()} onClose={() => setPending(null)} onChanged={changed} />
      <Show when={detailId()}>
        {(id) => <UserDetailDialog id={id()} onClose={() => setParams({ id: undefined }, { replace: true })} onAction={actFromDetail} />}
      </Show>
      <Show when={editing()}>
        {(u) => (
          <UserDialog
            user={u() === "new" ? null : (u() as User)}
            departments={departments()}
            roles={roles()}
            onClose={() => setEditing(null)}
            onSaved={changed}
          />
        )}
      </Show>
    </section>
  );
}
