import { Dialog as KDialog } from "@kobalte/core/dialog";
import { Show, type JSX } from "solid-js";
import { tr } from "../providers/i18n.ts";

/**
 * Modal with a title. Content that is a form puts its buttons in `footer`, and sets
 * `onSubmit` so Enter submits; the form wraps body and footer.
 */
export type DialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: JSX.Element;
  footer?: JSX.Element;
  onSubmit?: () => void;
  size?: "sm" | "md" | "lg";
  testid?: string;
};

export function Dialog(props: DialogProps): JSX.Element {
  const body = () => (
    <>
      <div class="dialog__body">{props.children}</div>
      <Show when={props.footer}>
        <footer class="dialog__footer">{props.footer}</footer>
      </Show>
    </>
  );
  return (
    <KDialog open={props.open} onOpenChange={props.onOpenChange}>
      <KDialog.Portal>
        <KDialog.Overlay class="dialog__overlay" />
        <div class="dialog__positioner">
          <KDialog.Content class={`dialog dialog--${props.size ?? "md"}`} data-testid={props.testid}>
            <header class="dialog__header">
              <KDialog.Title class="dialog__title">{props.title}</KDialog.Title>
              <KDialog.CloseButton class="icon-btn" aria-label={tr("common.close")}>×</KDialog.CloseButton>
            </header>
            <Show when={props.onSubmit} fallback={body()}>
              <form
                class="dialog__form"
                onSubmit={(e) => {
                  e.preventDefault();
                  props.onSubmit?.();
                }}
              >
                {body()}
              </form>
            </Show>
          </KDialog.Content>
        </div>
      </KDialog.Portal>
    </KDialog>
  );
}
