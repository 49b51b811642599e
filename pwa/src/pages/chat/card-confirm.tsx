import type { JSX } from "solid-js";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import type { ActionButton } from "./web-card-actions.tsx";

type WebConfirm = NonNullable<ActionButton["confirm"]>;

/** The card's own "are you sure?" (its words come from the card, already in the reader's language). */
export function CardConfirm(props: {
  confirm: WebConfirm | null;
  danger: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}): JSX.Element {
  return (
    <Dialog
      open={props.confirm !== null}
      onOpenChange={(open) => !open && props.onCancel()}
      title={props.confirm?.title ?? ""}
      size="sm"
      testid="card-confirm"
      footer={
        <>
          <Button onClick={() => props.onCancel()} data-testid="card-confirm-deny">{props.confirm?.deny ?? ""}</Button>
          <Button variant={props.danger ? "danger" : "primary"} onClick={() => props.onConfirm()} data-testid="card-confirm-ok">
            {props.confirm?.confirm ?? ""}
          </Button>
        </>
      }
    >
      <p class="confirm__message">{props.confirm?.text}</p>
    </Dialog>
  );
}
