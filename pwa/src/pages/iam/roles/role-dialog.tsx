import { createResource, createSignal, Show, type JSX } from "solid-js";
import { permissionsApi, rolesApi } from "../../../data/directory.ts";
import type { DataScope, Role, RoleInput } from "../../../data/types.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { Dialog } from "../../../ui/dialog.tsx";
import { createFormErrors } from "../../../ui/form-errors.ts";
import { Select } from "../../../ui/select.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { Switch } from "../../../ui/switch.tsx";
import { TextField } from "../../../ui/text-field.tsx";
import { departmentsOrEmpty } from "../dept-options.ts";
import { DeptPicker } from "./dept-picker.tsx";
import { PermissionTree } from "./permission-tree.tsx";

const SCOPES: DataScope[] = ["ALL", "DEPT_AND_CHILD", "DEPT", "SELF", "CUSTOM"];

/** A role and the roles under it (a role cannot become a child of its own subtree). */
function subtree(roles: Role[], rootId: string): Set<string> {
  const out = new Set([rootId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of roles) {
      if (r.parent_id && out.has(r.parent_id) && !out.has(r.id)) {
        out.add(r.id);
        grew = true;
      }
    }
  }
  return out;
}

export function RoleDialog(props: { role: Role | null; roles: Role[]; onClose: () => void; onSaved: () => void }): JSX.Element {
  const r = props.role;
  const [permTree, { refetch }] = createResource(() => permissionsApi.tree());
  const [departments] = createResource(departmentsOrEmpty, { initialValue: [] });
  const [code, setCode] = createSignal(r?.code ?? "");
  const [name, setName] = createSignal(r?.name ?? "");
  const [parentId, setParentId] = createSignal(r?.parent_id ?? "");
  const [scope, setScope] = createSignal<DataScope>(r?.data_scope ?? "DEPT");
  const [deptIds, setDeptIds] = createSignal<string[]>(r?.dept_ids ?? []);
  const [mfa, setMfa] = createSignal(r?.mfa_required ?? false);
  const [description, setDescription] = createSignal(r?.description ?? "");
  const [perms, setPerms] = createSignal(new Set(r?.permissions ?? []));
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const everything = () => perms().has("*");
  const parentOptions = () => props.roles.filter((x) => !r || !subtree(props.roles, r.id).has(x.id)).map((x) => ({ value: x.id, label: x.name }));

  const save = async () => {
    errors.clear();
    setBusy(true);
    const body: RoleInput = {
      name: name().trim(), parent_id: parentId() || null, data_scope: scope(), dept_ids: scope() === "CUSTOM" ? deptIds() : [],
      mfa_required: mfa(), permissions: [...perms()], description: description(),
    };
    try {
      if (r) await rolesApi.update(r.id, body);
      else await rolesApi.create({ ...body, code: code().trim() });
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
    <Dialog open onOpenChange={(o) => !o && props.onClose()} title={r ? tr("roles.edit", { name: r.name }) : tr("roles.create")} onSubmit={save} size="lg" testid="role-dialog"
      footer={<><Button onClick={() => props.onClose()}>{tr("common.cancel")}</Button><Button variant="primary" type="submit" loading={busy()} data-testid="role-save">{tr("common.save")}</Button></>}>
      <div class="form-grid">
        <TextField label={tr("roles.code")} name="code" value={code()} onChange={setCode} disabled={!!r} required error={errors.of("code")} />
        <TextField label={tr("roles.name")} name="name" value={name()} onChange={setName} required error={errors.of("name")} />
        <Select label={tr("roles.parent")} name="parent_id" value={parentId()} onChange={setParentId} emptyLabel={tr("roles.no_parent")} options={parentOptions()} error={errors.of("parent_id")} />
        <Select label={tr("roles.data_scope")} name="data_scope" value={scope()} onChange={(v) => setScope(v as DataScope)} options={SCOPES.map((s) => ({ value: s, label: tr(`roles.scope_${s}`) }))} error={errors.of("data_scope")} />
        <TextField class="form-grid__wide" label={tr("roles.description")} name="description" value={description()} onChange={setDescription} multiline error={errors.of("description")} />
        <Switch label={tr("roles.mfa_required")} checked={mfa()} onChange={setMfa} />
      </div>
      <Show when={scope() === "CUSTOM"}>
        <DeptPicker tree={departments()} value={deptIds()} onChange={setDeptIds} error={errors.of("dept_ids")} />
      </Show>
      <h3 class="section-title">{tr("roles.permissions")}</h3>
      <Show when={!everything()} fallback={<p class="alert alert--info">{tr("roles.all_permissions")}</p>}>
        <ResourceView resource={permTree} retry={refetch}>
          {(tree) => <PermissionTree tree={tree()} value={perms()} inherited={new Set(r?.inherited_permissions ?? [])} onChange={setPerms} />}
        </ResourceView>
        {errors.of("permissions") ? <div class="field__error">{errors.of("permissions")}</div> : null}
      </Show>
    </Dialog>
  );
}
