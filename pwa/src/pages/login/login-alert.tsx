import { Show, type JSX } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { tr } from "../../providers/i18n.ts";

/** The sign-in failure, with locked (423) and rate-limited (429) accounts called out. */
export function LoginAlert(props: { error: unknown }): JSX.Element {
  const kind = () => {
    const e = props.error;
    if (!isApiError(e)) return "error";
    if (e.status === 423) return "locked";
    if (e.status === 429) return "limited";
    if (e.offline) return "offline";
    return "error";
  };
  const title = () => ({ locked: tr("login.locked_title"), limited: tr("login.limited_title"), offline: tr("common.offline_title"), error: "" })[kind()];
  return (
    <Show when={props.error}>
      <div class={`alert alert--${kind() === "error" ? "error" : "warn"}`} role="alert" data-testid="login-error" data-kind={kind()}>
        <Show when={title()}>
          <strong>{title()}</strong>
        </Show>
        <span>{props.error instanceof Error ? props.error.message : String(props.error)}</span>
      </div>
    </Show>
  );
}
