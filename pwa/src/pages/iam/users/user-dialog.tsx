import { createResource, createSignal, Show, type JSX } from "solid-js";
import { usersApi } from "../../../data/directory.ts";
import type { Department, Role, User, UserInput, UserStatus } from "../../../data/types.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { Dialog } from "../../../ui/dialog.tsx";
import { createFormErrors } from "../../../ui/form-errors.ts";
import { MultiSelect } from "../../../ui/multi-select.tsx";
import { Select } from "../../../ui/select.tsx";
import { TextField } from "../../../ui/text-field.tsx";
import { loadPolicy, policyHint } from "../../account/password-policy.ts";
import { deptOptions } from "../dept-options.ts";

/** Masked values ("138****0001") are not editable text: start empty and show them as placeholder. */
const unmasked = (v: string | null | undefined) => (v && !v.includes("*") ? v : "");

type Props = { user: User | null; departments: Department[]; roles: Role[]; onClose: () => void; onSaved: () => void };

/** Create or edit a user. A generated first password is shown once after creation. */
export function UserDialog(props: Props): JSX.Element {
  const u = props.user;
  const [form, setForm] = createSignal({
    username: u?.username ?? "", display_name: u?.display_name ?? "", dept_id: u?.dept_id ?? "", role_ids: (u?.roles ?? []).map((r) => r.id),
    email: unmasked(u?.email), phone: unmasked(u?.phone), id_number: unmasked(u?.id_number), password: "", status: (u?.status ?? "active") as UserStatus, locale: u?.locale ?? "zh-CN",
  });
  const set = <K extends keyof ReturnType<typeof form>>(k: K) => (v: ReturnType<typeof form>[K]) => setForm((f) => ({ ...f, [k]: v }));
  const [busy, setBusy] = createSignal(false);
  const [initialPassword, setInitialPassword] = createSignal<string | null>(null);
  const errors = createFormErrors();
  /** the rules an initial password must meet (the password field is there on create only) */
  const [policy] = createResource(() => !u, () => loadPolicy());

  /** Empty contact fields are left out, so a masked value the operator did not retype stays as it is. */
  const body = (): UserInput => {
    const f = form();
    const out: UserInput = { display_name: f.display_name, dept_id: f.dept_id, role_ids: f.role_ids, status: f.status, locale: f.locale };
    if (!u) out.username = f.username;
    if (f.email) out.email = f.email;
    if (f.phone) out.phone = f.phone;
    if (f.id_number) out.id_number = f.id_number;
    if (!u && f.password) out.password = f.password;
    return out;
  };

  const save = async () => {
    errors.clear();
    setBusy(true);
    try {
      if (u) {
        await usersApi.update(u.id, body());
        notify.success(tr("common.saved"));
        props.onSaved();
        props.onClose();
      } else {
        const created = await usersApi.create(body());
        notify.success(tr("users.created"));
        props.onSaved();
        if (created.initial_password) setInitialPassword(created.initial_password);
        else props.onClose();
      }
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show
      when={!initialPassword()}
      fallback={
        <Dialog open onOpenChange={() => props.onClose()} title={tr("users.temp_password_title")} size="sm" footer={<Button variant="primary" onClick={() => props.onClose()}>{tr("common.done")}</Button>}>
          <p>{tr("users.initial_password_hint", { name: form().display_name })}</p>
          <p class="secret" data-testid="initial-password"><code>{initialPassword()}</code></p>
        </Dialog>
      }
    >
      <Dialog open onOpenChange={(o) => !o && props.onClose()} title={u ? tr("users.edit") : tr("users.create")} onSubmit={save} testid="user-dialog"
        footer={<><Button onClick={() => props.onClose()}>{tr("common.cancel")}</Button><Button variant="primary" type="submit" loading={busy()}>{tr("common.save")}</Button></>}>
        <div class="form-grid">
          <TextField label={tr("users.username")} name="username" value={form().username} onChange={set("username")} disabled={!!u} required error={errors.of("username")} />
          <TextField label={tr("users.display_name")} name="display_name" value={form().display_name} onChange={set("display_name")} required error={errors.of("display_name")} />
          <Select label={tr("users.department")} name="dept_id" value={form().dept_id} onChange={set("dept_id")} options={deptOptions(props.departments)} placeholder={tr("users.pick_department")} required={!u} error={errors.of("dept_id")} />
          <MultiSelect label={tr("users.roles")} name="role_ids" value={form().role_ids} onChange={set("role_ids")} options={props.roles.map((r) => ({ value: r.id, label: r.name }))} placeholder={tr("users.pick_roles")} error={errors.of("role_ids")} />
          <TextField label={tr("users.email")} name="email" type="email" value={form().email} onChange={set("email")} placeholder={u?.email ?? ""} error={errors.of("email")} />
          <TextField label={tr("users.phone")} name="phone" type="tel" value={form().phone} onChange={set("phone")} placeholder={u?.phone ?? ""} error={errors.of("phone")} />
          <TextField label={tr("users.id_number")} name="id_number" value={form().id_number} onChange={set("id_number")} placeholder={u?.id_number ?? ""} error={errors.of("id_number")} />
          <Select label={tr("users.status")} name="status" value={form().status} onChange={(v) => set("status")(v as UserStatus)} options={[{ value: "active", label: tr("users.status_active") }, { value: "disabled", label: tr("users.status_disabled") }]} error={errors.of("status")} />
          <Select label={tr("users.locale")} name="locale" value={form().locale} onChange={set("locale")} options={[{ value: "zh-CN", label: "简体中文" }, { value: "en", label: "English" }]} error={errors.of("locale")} />
          <Show when={!u}>
            <TextField label={tr("users.password")} name="password" type="password" value={form().password} onChange={set("password")} description={[tr("users.password_hint"), policyHint(policy(), { history: false })].filter(Boolean).join(tr("account.policy_separator"))} autocomplete="new-password" error={errors.of("password")} />
          </Show>
        </div>
      </Dialog>
    </Show>
  );
}
