import { Toast } from "@kobalte/core/toast";
import type { JSX } from "solid-js";
import { Portal } from "solid-js/web";

/** Where notify.* toasts appear (once, at the root). */
export function ToastRegion(): JSX.Element {
  return (
    <Portal>
      <Toast.Region class="toast-region" limit={4} swipeDirection="right">
        <Toast.List class="toast-list" data-testid="toasts" />
      </Toast.Region>
    </Portal>
  );
}
