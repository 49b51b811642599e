import { createSignal, type JSX } from "solid-js";
import { departmentsApi } from "../../../data/directory.ts";
import { subtreeIds } from "../../../data/tree.ts";
import type { Department } from "../../../data/types.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { Dialog } from "../../../ui/dialog.tsx";
import { createFormErrors } from "../../../ui/form-errors.ts";
import { Select } from "../../../ui/select.tsx";
import { TextField } from "../../../ui/text-field.tsx";
import { deptOptions } from "../dept-options.ts";

export type DeptDialogState = { dept?: Department; parentId: string | null };

/** Create (under a parent) or edit a department; a department cannot move under itself. */
export function DeptDialog(props: { state: DeptDialogState; tree: Department[]; onClose: () => void; onSaved: () => void }): JSX.Element {
  const d = props.state.dept;
  const [name, setName] = createSignal(d?.name ?? "");
  const [parentId, setParentId] = createSignal(props.state.parentId ?? "");
  const [sort, setSort] = createSignal(String(d?.sort ?? 0));
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const parents = () => deptOptions(props.tree, d ? subtreeIds(props.tree, d.id) : new Set());

  const save = async () => {
    errors.clear();
    setBusy(true);
    try {
      const body = { name: name().trim(), parent_id: parentId() || null, sort: Number(sort()) || 0 };
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
        <TextField label={tr("departments.sort")} name="sort" type="number" value={sort()} onChange={setSort} error={errors.of("sort")} />
      </div>
    </Dialog>
  );
}
