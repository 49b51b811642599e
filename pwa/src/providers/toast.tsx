import { Toast, toaster } from "@kobalte/core/toast";
import { isApiError } from "../data/api-error.ts";
import { tr } from "./i18n.ts";

/**
 * Short notices in the corner; API failures show the API's own (translated) message.
 * One toast per message: the same notice again (a second failing save, the same error from
 * two requests) replaces the one still showing instead of stacking a copy under it. Pages
 * and forms report an error once (createFormErrors.fail / ConfirmDialog); the API client
 * itself never toasts.
 */
type Kind = "success" | "error" | "info";

const showing = new Map<string, number>();

function show(kind: Kind, message: string) {
  const key = `${kind}\u0000${message}`;
  const previous = showing.get(key);
  if (previous !== undefined) toaster.dismiss(previous);
  const id = toaster.show((p) => (
    <Toast toastId={p.toastId} class={`toast toast--${kind}`} duration={kind === "error" ? 6000 : 3500} data-kind={kind}>
      <Toast.Description class="toast__text">{message}</Toast.Description>
      <Toast.CloseButton class="toast__close" aria-label={tr("common.close")}>×</Toast.CloseButton>
    </Toast>
  ));
  if (showing.size > 50) showing.clear();
  showing.set(key, id);
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
