import { MAX_PAGE_SIZE } from "@ops/shared/envelope.ts";
import { createResource, createSignal, type JSX } from "solid-js";
import { departmentsApi, usersApi } from "../../../data/directory.ts";
import { subtreeIds } from "../../../data/tree.ts";
import type { Department } from "../../../data/types.ts";
import { can } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { Dialog } from "../../../ui/dialog.tsx";
import { createFormErrors } from "../../../ui/form-errors.ts";
import { Select, type Option } from "../../../ui/select.tsx";
import { TextField } from "../../../ui/text-field.tsx";
import { deptOptions } from "../dept-options.ts";

export type DeptDialogState = { dept?: Department; parentId: string | null };

/**
 * The leader (负责人) choices: active users (the API takes no other), the current leader kept
 * even when not among them. Without iam:user:list only the current leader is offered.
 */
async function leaderOptions(current: Department | undefined): Promise<Option[]> {
  const users = can("iam:user:list") ? (await usersApi.list({ status: "active", page_size: MAX_PAGE_SIZE }).catch(() => null))?.items ?? [] : [];
  const options = users.map((u) => ({ value: u.id, label: `${u.display_name}（${u.username}）` }));
  if (current?.leader_id && !options.some((o) => o.value === current.leader_id)) options.unshift({ value: current.leader_id, label: current.leader_name ?? current.leader_id });
  return options;
}

/** Create (under a parent) or edit a department; a department cannot move under itself. */
export function DeptDialog(props: { state: DeptDialogState; tree: Department[]; onClose: () => void; onSaved: () => void }): JSX.Element {
  const d = props.state.dept;
  const [name, setName] = createSignal(d?.name ?? "");
  const [parentId, setParentId] = createSignal(props.state.parentId ?? "");
  const [sort, setSort] = createSignal(String(d?.sort ?? 0));
  const [leaderId, setLeaderId] = createSignal(d?.leader_id ?? "");
  const [leaders] = createResource(() => leaderOptions(d));
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const parents = () => deptOptions(props.tree, d ? subtreeIds(props.tree, d.id) : new Set());

  const save = async () => {
    errors.clear();
    setBusy(true);
    try {
      const body = { name: name().trim(), parent_id: parentId() || null, sort: Number(sort()) || 0, leader_id: leaderId() || null };
      if (d) await departmentsApi.update(d.id, body);
      else await departmentsApi.create(body);
      notify.success(tr("common.saved"));
      props.onSaved();
      props.onClose();
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && props.onClose()} title={d ? tr("departments.edit") : tr("departments.create")} onSubmit={save} size="sm" testid="dept-dialog"
      footer={<><Button onClick={() => props.onClose()}>{tr("common.cancel")}</Button><Button variant="primary" type="submit" loading={busy()}>{tr("common.save")}</Button></>}>
      <div class="form">
        <TextField label={tr("departments.name")} name="name" value={name()} onChange={setName} required error={errors.of("name")} />
        <Select label={tr("departments.parent")} name="parent_id" value={parentId()} onChange={setParentId} options={parents()} disabled={!!d && !d.parent_id} error={errors.of("parent_id")} />
        <Select label={tr("departments.leader")} name="leader_id" value={leaderId()} onChange={setLeaderId} options={leaders() ?? []} emptyLabel={tr("departments.no_leader")} error={errors.of("leader_id")} />
        <TextField label={tr("departments.sort")} name="sort" type="number" value={sort()} onChange={setSort} error={errors.of("sort")} />
      </div>
    </Dialog>
  );
}
