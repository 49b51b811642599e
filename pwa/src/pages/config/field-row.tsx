import { Show, type JSX } from "solid-js";
import { CONFIG_FIELD_TYPES, type ConfigFieldType } from "@ops/shared/contracts/config.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Checkbox } from "../../ui/checkbox.tsx";
import { CodeField } from "../../ui/config-fields/index.ts";
import { Select, type Option } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { CODE_LANGUAGES, HAS, type FieldDraft } from "./designer-model.ts";
import { OptionsEditor } from "./options-editor.tsx";

/**
 * One field of the designer: key, label, type and the properties its type has. Inputs are named by
 * the API's error path (`fields[i].regex`) so a server error lands under the right one.
 */
export type FieldRowProps = {
  index: number;
  count: number;
  field: FieldDraft;
  isKey: boolean;
  tables: Option[];
  onChange: (patch: Partial<FieldDraft>) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
  error: (path: string) => string | undefined;
};

export function FieldRow(props: FieldRowProps): JSX.Element {
  const p = (prop: string) => `fields[${props.index}].${prop}`;
  const f = () => props.field;
  const text = (prop: keyof FieldDraft & string, label: string, extra: { description?: string; inputMode?: "numeric" | "decimal" } = {}) => (
    <TextField label={label} name={p(prop)} value={String(f()[prop])} onChange={(v) => props.onChange({ [prop]: v } as Partial<FieldDraft>)}
      error={props.error(p(prop))} {...extra} />
  );
  return (
    <article class="card cfg-field" data-testid="designer-field" data-key={f().key} data-invalid={props.error(`fields[${props.index}]`) ? "" : undefined}>
      <header class="cfg-field__head">
        <strong>{props.index + 1}. {f().label || f().key || tr("config.f.untitled")}</strong>
        <Show when={props.isKey}><span class="badge badge--ok">{tr("config.key_field")}</span></Show>
        <span class="cfg-field__moves">
          <button type="button" class="icon-btn" aria-label={tr("config.f.up")} disabled={props.index === 0} data-testid="field-up" onClick={() => props.onMove(-1)}>↑</button>
          <button type="button" class="icon-btn" aria-label={tr("config.f.down")} disabled={props.index === props.count - 1} data-testid="field-down" onClick={() => props.onMove(1)}>↓</button>
          <Button size="sm" variant="ghost" disabled={props.isKey} data-testid="field-remove" onClick={() => props.onRemove()}>{tr("config.f.remove")}</Button>
        </span>
      </header>
      <div class="cfg-grid">
        {text("key", tr("config.f.key"), { description: tr("config.f.key_hint") })}
        {text("label", tr("config.f.label"))}
        <Select label={tr("config.f.type")} name={p("type")} value={f().type} error={props.error(p("type"))}
          options={CONFIG_FIELD_TYPES.map((t) => ({ value: t, label: tr(`config.type.${t}`) }))}
          onChange={(v) => props.onChange({ type: v as ConfigFieldType, scale: v === "decimal" && !f().scale ? "2" : f().scale })} />
        {text("description", tr("config.f.description"))}
      </div>
      <div class="row cfg-field__flags">
        <Checkbox label={tr("config.f.required")} checked={f().required} onChange={(v) => props.onChange({ required: v })} value={p("required")} />
        <Show when={HAS.unique(f().type)}>
          <Checkbox label={tr("config.f.unique")} checked={f().unique} onChange={(v) => props.onChange({ unique: v })} value={p("unique")} />
        </Show>
        <Show when={f().type === "text"}>
          <Checkbox label={tr("config.f.secret")} checked={f().secret} onChange={(v) => props.onChange({ secret: v })} value={p("secret")} />
        </Show>
      </div>
      <div class="cfg-grid">
        <Show when={HAS.range(f().type)}>
          {text("min", tr("config.f.min"), { inputMode: "decimal" })}
          {text("max", tr("config.f.max"), { inputMode: "decimal" })}
        </Show>
        <Show when={f().type === "decimal"}>{text("scale", tr("config.f.scale"), { inputMode: "numeric" })}</Show>
        <Show when={HAS.length(f().type)}>
          {text("min_length", tr("config.f.min_length"), { inputMode: "numeric" })}
          {text("max_length", tr("config.f.max_length"), { inputMode: "numeric" })}
        </Show>
        <Show when={HAS.regex(f().type)}>
          {text("regex", tr("config.f.regex"), { description: tr("config.f.regex_hint") })}
          {text("regex_message", tr("config.f.regex_message"))}
        </Show>
        <Show when={f().type === "code"}>
          <Select label={tr("config.f.language")} name={p("language")} value={f().language} error={props.error(p("language"))}
            options={CODE_LANGUAGES.map((l) => ({ value: l, label: l }))} onChange={(v) => props.onChange({ language: v })} />
        </Show>
        <Show when={f().type === "reference"}>
          <Select label={tr("config.f.reference")} name={p("reference")} value={f().reference} error={props.error(p("reference")) ?? props.error(p("reference.table"))}
            options={props.tables} placeholder={tr("config.pick")} onChange={(v) => props.onChange({ reference: v })} />
        </Show>
      </div>
      <Show when={f().type === "select" || f().type === "multiselect"}>
        <OptionsEditor path={p("options")} value={f().options} onChange={(options) => props.onChange({ options })} error={props.error} />
      </Show>
      <Show when={f().type === "json"}>
        <CodeField name={p("json_schema")} label={tr("config.f.json_schema")} language="json" value={f().json_schema}
          onChange={(json_schema) => props.onChange({ json_schema })} description={tr("config.f.json_schema_hint")} error={props.error(p("json_schema"))} />
      </Show>
    </article>
  );
}
