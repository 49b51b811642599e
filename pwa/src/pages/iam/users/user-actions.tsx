import { createSignal, Show, type JSX } from "solid-js";
import { usersApi } from "../../../data/directory.ts";
import type { User } from "../../../data/types.ts";
import { can, me } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { ConfirmDialog } from "../../../ui/confirm-dialog.tsx";
import { Dialog } from "../../../ui/dialog.tsx";

export type UserAction = "edit" | "reset" | "unlock" | "delete";
export type PendingAction = { action: Exclude<UserAction, "edit">; user: User };

/** Row buttons, each behind its button permission. The dialogs live once on the page (below). */
export function UserActionButtons(props: { user: User; onAction: (action: UserAction, user: User) => void }): JSX.Element {
  const self = () => me()?.id === props.user.id;
  return (
    <div class="row row--tight">
      <Show when={can("iam:user:update")}>
        <Button size="sm" variant="ghost" onClick={() => props.onAction("edit", props.user)}>{tr("common.edit")}</Button>
      </Show>
      <Show when={can("iam:user:reset-password")}>
        <Button size="sm" variant="ghost" onClick={() => props.onAction("reset", props.user)}>{tr("users.reset_password")}</Button>
      </Show>
      <Show when={props.user.locked && can("iam:user:unlock")}>
        <Button size="sm" variant="ghost" onClick={() => props.onAction("unlock", props.user)}>{tr("users.unlock")}</Button>
      </Show>
      <Show when={can("iam:user:delete") && !self()}>
        <Button size="sm" variant="ghost" class="text-danger" onClick={() => props.onAction("delete", props.user)}>{tr("common.delete")}</Button>
      </Show>
    </div>
  );
}

/**
 * Confirmation for reset / unlock / delete, and the temporary password shown once after a
 * reset. Kept outside the rows: the list reloads after each action and rebuilds its rows.
 */
export function UserActionDialogs(props: { pending: PendingAction | null; onClose: () => void; onChanged: () => void }): JSX.Element {
  const [tempPassword, setTempPassword] = createSignal<{ name: string; password: string } | null>(null);
  const titles = { reset: "users.reset_password", unlock: "users.unlock", delete: "users.delete" } as const;

  const confirm = async () => {
    const p = props.pending!;
    if (p.action === "reset") setTempPassword({ name: p.user.display_name, password: (await usersApi.resetPassword(p.user.id)).password });
    if (p.action === "unlock") {
      await usersApi.unlock(p.user.id);
      notify.success(tr("users.unlocked"));
    }
    if (p.action === "delete") {
      await usersApi.remove(p.user.id);
      notify.success(tr("common.deleted"));
    }
    props.onChanged();
  };

  return (
    <>
      <ConfirmDialog
        open={!!props.pending}
        onOpenChange={(o) => !o && props.onClose()}
        title={tr(titles[props.pending?.action ?? "delete"])}
        message={tr(`users.confirm_${props.pending?.action ?? "delete"}`, { name: props.pending?.user.display_name ?? "" })}
        danger={props.pending?.action === "delete"}
        onConfirm={confirm}
      />
      <Dialog open={!!tempPassword()} onOpenChange={(o) => !o && setTempPassword(null)} title={tr("users.temp_password_title")} size="sm"
        footer={<Button variant="primary" onClick={() => setTempPassword(null)}>{tr("common.done")}</Button>}>
        <p>{tr("users.temp_password_hint", { name: tempPassword()?.name ?? "" })}</p>
        <p class="secret" data-testid="temp-password"><code>{tempPassword()?.password}</code></p>
      </Dialog>
    </>
  );
}
