import { createSignal, type JSX } from "solid-js";
import { notifyError } from "../providers/toast.tsx";
import { tr } from "../providers/i18n.ts";
import { Button } from "./button.tsx";
import { Dialog } from "./dialog.tsx";

/** "Are you sure?" before a destructive action; stays open and shows the API message if it fails. */
export type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  message: JSX.Element;
  confirmLabel?: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown>;
};

export function ConfirmDialog(props: ConfirmDialogProps): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
      props.onOpenChange(false);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.title}
      size="sm"
      testid="confirm-dialog"
      footer={
        <>
          <Button onClick={() => props.onOpenChange(false)}>{tr("common.cancel")}</Button>
          <Button variant={props.danger ? "danger" : "primary"} loading={busy()} onClick={confirm}>
            {props.confirmLabel ?? tr("common.confirm")}
          </Button>
        </>
      }
    >
      <p class="confirm__message">{props.message}</p>
    </Dialog>
  );
}
