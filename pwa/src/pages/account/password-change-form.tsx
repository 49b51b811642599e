import { createResource, createSignal, type JSX } from "solid-js";
import { authApi } from "../../data/auth.ts";
import type { TokenData } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";
import { loadPolicy, policyHint } from "./password-policy.ts";

/** Old + new password; the API answers with fresh tokens for this session (others end). */
export function PasswordChangeForm(props: { onChanged: (tokens: TokenData) => void | Promise<void> }): JSX.Element {
  const [policy] = createResource(loadPolicy);
  const [oldPassword, setOld] = createSignal("");
  const [newPassword, setNew] = createSignal("");
  const [confirm, setConfirm] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [mismatch, setMismatch] = createSignal(false);
  const errors = createFormErrors();

  const submit = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setMismatch(newPassword() !== confirm());
    if (mismatch()) return;
    setBusy(true);
    try {
      await props.onChanged(await authApi.changePassword(oldPassword(), newPassword()));
      setOld("");
      setNew("");
      setConfirm("");
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={submit} data-testid="password-form">
      <TextField label={tr("account.old_password")} name="old_password" type="password" value={oldPassword()} onChange={setOld} autocomplete="current-password" required error={errors.of("old_password")} />
      <TextField label={tr("account.new_password")} name="new_password" type="password" value={newPassword()} onChange={setNew} autocomplete="new-password" required description={policyHint(policy())} error={errors.of("new_password")} />
      <TextField label={tr("account.confirm_password")} name="confirm_password" type="password" value={confirm()} onChange={setConfirm} autocomplete="new-password" required error={mismatch() ? tr("account.password_mismatch") : undefined} />
      <Button variant="primary" type="submit" loading={busy()}>
        {tr("account.change_password")}
      </Button>
    </form>
  );
}
