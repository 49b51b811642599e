import type { JSX } from "solid-js";
import { notify } from "../providers/toast.tsx";
import { Button } from "./button.tsx";
import { Dialog } from "./dialog.tsx";

/** The words of a secret dialog, in the caller's language (each page keeps its own texts). */
export type SecretOnceTexts = { title: string; note: string; copy: string; close: string; copied: string; copyFailed: string };

/**
 * A credential the server shows once (an API token, a webhook's signing secret): the value, a copy button, and the
 * note that it will not be shown again. Test ids: `${prefix}-secret`, `-secret-value`, `-copy`, `-secret-close`.
 */
export function SecretOnceDialog(props: { secret: string | null; onClose: () => void; texts: SecretOnceTexts; prefix: string; warn?: boolean }): JSX.Element {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret ?? "");
      notify.success(props.texts.copied);
    } catch {
      notify.error(props.texts.copyFailed);
    }
  };
  return (
    <Dialog
      open={props.secret !== null} onOpenChange={(o) => !o && props.onClose()} title={props.texts.title} testid={`${props.prefix}-secret`}
      footer={
        <>
          <Button onClick={() => void copy()} data-testid={`${props.prefix}-copy`}>{props.texts.copy}</Button>
          <Button variant="primary" onClick={() => props.onClose()} data-testid={`${props.prefix}-secret-close`}>{props.texts.close}</Button>
        </>
      }
    >
      {props.warn ? <p class="alert alert--warn" role="alert">{props.texts.note}</p> : <p>{props.texts.note}</p>}
      <pre data-testid={`${props.prefix}-secret-value`} class="code-block">{props.secret}</pre>
    </Dialog>
  );
}
