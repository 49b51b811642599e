import { Toast, toaster } from "@kobalte/core/toast";
import { isApiError } from "../data/api-error.ts";
import { tr } from "./i18n.ts";

/** Short notices in the corner; API failures show the API's own (translated) message. */
type Kind = "success" | "error" | "info";

function show(kind: Kind, message: string) {
  toaster.show((p) => (
    <Toast toastId={p.toastId} class={`toast toast--${kind}`} duration={kind === "error" ? 6000 : 3500} data-kind={kind}>
      <Toast.Description class="toast__text">{message}</Toast.Description>
      <Toast.CloseButton class="toast__close" aria-label={tr("common.close")}>×</Toast.CloseButton>
    </Toast>
  ));
}

export const notify = {
  success: (message: string) => show("success", message),
  info: (message: string) => show("info", message),
  error: (message: string) => show("error", message),
};

export function notifyError(e: unknown): void {
  if (isApiError(e)) notify.error(e.message);
  else notify.error(e instanceof Error ? e.message : String(e));
}
