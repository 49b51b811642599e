import { createSignal, type JSX } from "solid-js";
import { tr } from "../../../providers/i18n.ts";
import { Button } from "../../../ui/button.tsx";
import { Dialog } from "../../../ui/dialog.tsx";
import { createFormErrors } from "../../../ui/form-errors.ts";
import { TextField } from "../../../ui/text-field.tsx";

/**
 * An action that needs a reason (rollback, abort, emergency publish): the reason is required here
 * first, then the API's own `reason` error shows at the field; `children` says what will happen.
 */
export function ReasonDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  testid: string;
  children?: JSX.Element;
  onConfirm: (reason: string) => Promise<unknown>;
}): JSX.Element {
  const [reason, setReason] = createSignal("");
  const [missing, setMissing] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const submit = async () => {
    errors.clear();
    if (!reason().trim()) return setMissing(true);
    setMissing(false);
    setBusy(true);
    try {
      await props.onConfirm(reason().trim());
      setReason("");
      props.onOpenChange(false);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={props.open} onOpenChange={props.onOpenChange} title={props.title} size="lg" testid={props.testid} onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={() => props.onOpenChange(false)}>{tr("common.cancel")}</Button>
          <Button type="submit" variant={props.danger ? "danger" : "primary"} loading={busy()} data-testid={`${props.testid}-confirm`}>{props.confirmLabel}</Button>
        </>
      }
    >
      {props.children}
      <TextField
        label={tr("configFlow.reason")} name="reason" value={reason()} onChange={setReason} multiline required
        error={missing() ? tr("configFlow.reason_required") : errors.of("reason")}
      />
    </Dialog>
  );
}
