import type { FormField, FormFieldType } from "@ops/shared/contracts/approvals.ts";
import { createSignal, For, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select } from "../../ui/select.tsx";
import { Switch as Toggle } from "../../ui/switch.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { BOUNDED, COLUMN_TYPES, freeKey, optionsFrom, PALETTE, retype } from "./form-model.ts";

/** a number when the text is one, else the text itself so the API names the field; empty: not set */
const numberOr = (v: string): number | undefined => (v.trim() === "" ? undefined : Number.isFinite(Number(v)) ? Number(v) : (v as unknown as number));

export const typeWords = () => ({ option: (n: number) => tr("apf.option_n", { n }), column: tr("apf.column_default") });

/**
 * One field's settings: label, key, type, required, min/max where the type has them, a select's
 * options (one per line), a table's columns (each a small field of a scalar type). `error(sub)`
 * is the API's problem at `form[i].<sub>`.
 */
export function FieldEditor(props: { field: FormField; onChange: (f: FormField) => void; error: (sub: string) => string | undefined; types?: readonly FormFieldType[]; name: string }): JSX.Element {
  const f = () => props.field;
  const set = (fields: Partial<FormField>) => {
    const next = { ...f(), ...fields } as Record<string, unknown>;
    for (const [k, v] of Object.entries(fields)) if (v === undefined) delete next[k];
    props.onChange(next as FormField);
  };
  // the options text is what the user types: parsed on every change, never re-derived from the field
  const [options, setOptions] = createSignal((f().options ?? []).join("\n"));
  return (
    <div class="apf-editor" data-testid={`apf-editor-${props.name}`}>
      <TextField label={tr("apf.label")} name={`${props.name}_label`} required value={f().label} onChange={(label) => set({ label })} error={props.error("label")} />
      <TextField label={tr("apf.key")} name={`${props.name}_key`} required value={f().key} onChange={(key) => set({ key })} description={tr("apf.key_hint")} error={props.error("key")} />
      <Select label={tr("apf.type")} name={`${props.name}_type`} value={f().type} options={(props.types ?? PALETTE).map((t) => ({ value: t, label: tr(`apf.type.${t}`) }))} onChange={(t) => {
        const next = retype(f(), t as FormFieldType, typeWords());
        setOptions((next.options ?? []).join("\n"));
        props.onChange(next);
      }} error={props.error("type")} />
      <Toggle label={tr("apf.required")} checked={!!f().required} onChange={(required) => set({ required })} />
      <Show when={BOUNDED.has(f().type)}>
        <div class="apf-row">
          <TextField label={tr(f().type === "text" ? "apf.min_length" : "apf.min")} name={`${props.name}_min`} type="number" value={f().min === undefined ? "" : String(f().min)} onChange={(v) => set({ min: numberOr(v) })} error={props.error("min")} />
          <TextField label={tr(f().type === "text" ? "apf.max_length" : "apf.max")} name={`${props.name}_max`} type="number" value={f().max === undefined ? "" : String(f().max)} onChange={(v) => set({ max: numberOr(v) })} error={props.error("max")} />
        </div>
      </Show>
      <Show when={f().type === "select"}>
        <TextField label={tr("apf.options")} name={`${props.name}_options`} required multiline value={options()} onChange={(v) => { setOptions(v); set({ options: optionsFrom(v) }); }} description={tr("apf.options_hint")} error={props.error("options")} />
      </Show>
      <Show when={f().type === "table"}>
        <Columns field={f()} onChange={(columns) => set({ columns })} error={props.error} name={props.name} />
      </Show>
    </div>
  );
}

function Columns(props: { field: FormField; onChange: (c: FormField[]) => void; error: (sub: string) => string | undefined; name: string }): JSX.Element {
  const cols = () => props.field.columns ?? [];
  const replace = (i: number, c: FormField) => props.onChange(cols().map((x, j) => (j === i ? c : x)));
  return (
    <fieldset class="apf-columns" data-testid="apf-columns">
      <legend class="field__label">{tr("apf.columns")}</legend>
      <For each={cols()}>
        {(c, i) => (
          <div class="apf-column">
            <FieldEditor field={c} onChange={(next) => replace(i(), next)} error={(sub) => props.error(`columns.${i()}.${sub}`)} types={COLUMN_TYPES} name={`${props.name}_col${i()}`} />
            <Button size="sm" variant="ghost" disabled={cols().length <= 1} onClick={() => props.onChange(cols().filter((_, j) => j !== i()))}>{tr("apf.column_remove")}</Button>
          </div>
        )}
      </For>
      <Show when={props.error("columns")}><p class="field__error">{props.error("columns")}</p></Show>
      <Button size="sm" onClick={() => props.onChange([...cols(), { key: freeKey(cols().map((x) => x.key), "col"), type: "text", label: tr("apf.column_default"), required: false }])} data-testid="apf-column-add">{tr("apf.column_add")}</Button>
    </fieldset>
  );
}
