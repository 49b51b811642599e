import type { FormField } from "@ops/shared/contracts/approvals.ts";
import { createSignal, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { ApprovalFormFields, emptyDraft, type Draft } from "../../ui/approval-form/index.ts";

/**
 * What the initiator will see, drawn by the same renderer as the start page from the fields as
 * they are being designed. What is typed in is kept per field key and type (a field whose type
 * changed starts empty again) and never sent.
 */
export function FormPreview(props: { fields: FormField[]; disabled?: boolean }): JSX.Element {
  const [typed, setTyped] = createSignal<Record<string, unknown>>({});
  const slot = (f: FormField) => `${f.key}:${f.type}`;
  const values = (): Draft => {
    const d = emptyDraft(props.fields);
    const t = typed();
    for (const f of props.fields) if (slot(f) in t) d[f.key] = t[slot(f)];
    return d;
  };
  const change = (key: string, v: unknown) => {
    const f = props.fields.find((x) => x.key === key);
    if (f) setTyped({ ...typed(), [slot(f)]: v });
  };
  return (
    <div class="apf-preview__form" data-testid="apf-preview-form">
      <Show when={props.fields.length} fallback={<p class="muted">{tr("apf.preview_empty")}</p>}>
        <ApprovalFormFields fields={props.fields} values={values()} onChange={change} disabled={props.disabled} path="preview" />
      </Show>
    </div>
  );
}
