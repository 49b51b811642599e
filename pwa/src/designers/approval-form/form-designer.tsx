import type { FormField, FormFieldType } from "@ops/shared/contracts/approvals.ts";
import { createSignal, For, Show, type JSX } from "solid-js";
import type { FieldError } from "../../data/api-error.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Icon } from "../../ui/icons.tsx";
import { FieldEditor } from "./field-editor.tsx";
import { assignInPlace, move, newField, PALETTE } from "./form-model.ts";
import { FormPreview } from "./form-preview.tsx";
import "./approval-form.css";

export type FormDesignerProps = {
  form: FormField[];
  /** edits the form in place (the caller's store) */
  edit: (fn: (form: FormField[]) => void) => void;
  /** the API's problems of field i (`form.<i>.<prop>`) */
  issues: (i: number) => FieldError[];
  readOnly?: boolean;
};

/**
 * The form designer: a palette of field types, the fields in order (move up/down, remove, open
 * one to edit its settings) and a live preview of what the initiator will fill in.
 */
export function FormDesigner(props: FormDesignerProps): JSX.Element {
  const [open, setOpen] = createSignal<number | null>(null);
  const add = (type: FormFieldType) => {
    const f = newField(type, props.form, { label: tr(`apf.type.${type}`), option: (n) => tr("apf.option_n", { n }), column: tr("apf.column_default") });
    props.edit((form) => void form.push(f));
    setOpen(props.form.length - 1);
  };
  const shift = (i: number, delta: -1 | 1) => {
    props.edit((form) => void move(form, i, delta));
    if (open() === i) setOpen(i + delta);
  };
  const remove = (i: number) => {
    props.edit((form) => void form.splice(i, 1));
    setOpen(null);
  };
  const error = (i: number) => (sub: string) => {
    const exact = `form.${i}.${sub}`;
    return props.issues(i).find((x) => x.field === exact || x.field.startsWith(`${exact}.`))?.message;
  };
  return (
    <div class="apf" data-testid="form-designer">
      <Show when={!props.readOnly}>
        <div class="apf-palette" role="toolbar" aria-label={tr("apf.palette")} data-testid="apf-palette">
          <span class="apf-palette__title">{tr("apf.palette_hint")}</span>
          <For each={PALETTE}>
            {(type) => (
              <Button size="sm" onClick={() => add(type)} data-testid={`apf-add-${type}`}>
                <Icon name="plus" size={14} /> {tr(`apf.type.${type}`)}
              </Button>
            )}
          </For>
        </div>
      </Show>
      <div class="apf-body">
        <ol class="apf-fields" data-testid="apf-fields">
          <For each={props.form} fallback={<li class="muted">{tr("apf.empty")}</li>}>
            {(f, i) => (
              <li class="apf-field" classList={{ "apf-field--invalid": props.issues(i()).length > 0 }} data-testid="apf-field" data-key={f.key} data-issues={props.issues(i()).length}>
                <div class="apf-field__head">
                  <button type="button" class="apf-field__open" aria-expanded={open() === i()} onClick={() => setOpen(open() === i() ? null : i())} data-testid="apf-field-open">
                    <strong>{f.label}</strong>
                    <span class="muted"> · {tr(`apf.type.${f.type}`)}{f.required ? ` · ${tr("apf.required")}` : ""}</span>
                  </button>
                  <Show when={!props.readOnly}>
                    <span class="apf-field__tools">
                      <Button size="sm" variant="ghost" disabled={i() === 0} onClick={() => shift(i(), -1)} aria-label={tr("apf.up")} data-testid="apf-field-up">↑</Button>
                      <Button size="sm" variant="ghost" disabled={i() === props.form.length - 1} onClick={() => shift(i(), 1)} aria-label={tr("apf.down")} data-testid="apf-field-down">↓</Button>
                      <Button size="sm" variant="ghost" onClick={() => remove(i())} aria-label={tr("apf.remove")} data-testid="apf-field-remove">×</Button>
                    </span>
                  </Show>
                </div>
                <For each={props.issues(i())}>{(x) => <p class="field__error" role="alert">{x.message}</p>}</For>
                <Show when={open() === i() && !props.readOnly}>
                  <FieldEditor field={f} onChange={(next) => props.edit((form) => assignInPlace(form[i()] as Record<string, unknown>, next as Record<string, unknown>))} error={error(i())} name={`field${i()}`} />
                </Show>
              </li>
            )}
          </For>
        </ol>
        <section class="apf-preview" aria-label={tr("apf.preview")} data-testid="apf-preview">
          <h3 class="section-title">{tr("apf.preview")}</h3>
          <FormPreview fields={props.form} />
        </section>
      </div>
    </div>
  );
}
