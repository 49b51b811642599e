import { For, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { notify } from "../../providers/toast.tsx";

/** Recovery codes are shown once: list them, offer copy, and say so. */
export function RecoveryCodes(props: { codes: string[]; onDone?: () => void }): JSX.Element {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.codes.join("\n"));
      notify.success(tr("account.copied"));
    } catch {
      notify.error(tr("account.copy_failed"));
    }
  };
  return (
    <div class="recovery" data-testid="recovery-codes">
      <p class="alert alert--warn">{tr("account.recovery_once")}</p>
      <ul class="recovery__list">
        <For each={props.codes}>{(c) => <li><code>{c}</code></li>}</For>
      </ul>
      <div class="row">
        <Button onClick={copy}>{tr("account.copy")}</Button>
        {props.onDone ? <Button variant="primary" onClick={() => props.onDone?.()}>{tr("account.saved_codes")}</Button> : null}
      </div>
    </div>
  );
}
