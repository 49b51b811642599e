import { createResource, Match, Switch as Cases, type JSX } from "solid-js";
import type { ConfigField } from "@ops/shared/contracts/config.ts";
import { usersApi } from "../../data/directory.ts";
import { tr } from "../../providers/i18n.ts";
import { UserPicker } from "../approval-form/user-picker.tsx";
import { MultiSelect } from "../multi-select.tsx";
import { Select } from "../select.tsx";
import { Switch } from "../switch.tsx";
import { TextField } from "../text-field.tsx";
import { CodeField } from "./code-field.tsx";
import { ImageField } from "./image-field.tsx";
import { ReferenceField } from "./reference-field.tsx";
import { RichTextField } from "./rich-text-field.tsx";
import { jsonProblem, SECRET_MASK } from "./values.ts";

/**
 * One input for one config field, chosen by its type. `value` is the draft value (values.ts);
 * `error` is the server's message for `values.<key>`. Every editor carries `data-field="values.<key>"`
 * so a test, and the form's scroll-to-error, find it.
 */
export type ConfigFieldEditorProps = {
  table: string;
  field: ConfigField;
  value: unknown;
  onChange: (v: unknown) => void;
  error?: string;
  disabled?: boolean;
};

const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

/** "1–30", "≥ 0", length bounds and the regex's own message: what the server will hold the value to. */
export function fieldHint(f: ConfigField): string | undefined {
  const parts: string[] = [];
  if (f.description) parts.push(f.description);
  if (f.min !== undefined && f.max !== undefined) parts.push(tr("config.hint.range", { min: f.min, max: f.max }));
  else if (f.min !== undefined) parts.push(tr("config.hint.min", { min: f.min }));
  else if (f.max !== undefined) parts.push(tr("config.hint.max", { max: f.max }));
  if (f.min_length !== undefined || f.max_length !== undefined) parts.push(tr("config.hint.length", { min: f.min_length ?? 0, max: f.max_length ?? "∞" }));
  if (f.type === "decimal" && f.scale !== undefined) parts.push(tr("config.hint.scale", { scale: f.scale }));
  if (f.regex) parts.push(f.regex_message || tr("config.hint.regex", { regex: f.regex }));
  if (f.secret) parts.push(tr("config.hint.secret"));
  return parts.length ? parts.join(" · ") : undefined;
}

function UserField(props: { name: string; label: string; value: string; onChange: (v: string) => void; required?: boolean; disabled?: boolean; error?: string }): JSX.Element {
  const [name] = createResource(() => props.value || null, (id) => usersApi.get(id).then((u) => `${u.display_name}（${u.username}）`, () => id));
  return <UserPicker name={props.name} label={props.label} value={props.value} valueLabel={name()} onChange={(id) => props.onChange(id)} required={props.required} disabled={props.disabled} error={props.error} />;
}

/** 已设置 (the mask the API answers), 未设置 (nothing stored), or a new value waiting to be saved. */
const secretState = (text: string) => tr(text === SECRET_MASK ? "config.secret_set" : text ? "config.secret_pending" : "config.secret_unset");

export function ConfigFieldEditor(props: ConfigFieldEditorProps): JSX.Element {
  const f = () => props.field;
  const name = () => `values.${f().key}`;
  const common = () => ({ name: name(), label: f().label, required: f().required, disabled: props.disabled, error: props.error });
  const text = () => str(props.value);
  return (
    <Cases fallback={<TextField {...common()} value={text()} onChange={props.onChange} description={fieldHint(f())} />}>
      <Match when={f().type === "text" && f().secret}>
        <TextField {...common()} type="password" autocomplete="new-password" value={text()} onChange={props.onChange}
          description={[secretState(text()), fieldHint(f())].filter(Boolean).join(" · ")}
          placeholder={text() === SECRET_MASK ? tr("config.secret_keep") : undefined} />
      </Match>
      <Match when={f().type === "textarea"}>
        <TextField {...common()} multiline value={text()} onChange={props.onChange} description={fieldHint(f())} />
      </Match>
      <Match when={f().type === "number" || f().type === "decimal"}>
        <TextField {...common()} value={text()} onChange={props.onChange} inputMode={f().type === "number" ? "numeric" : "decimal"} description={fieldHint(f())} />
      </Match>
      <Match when={f().type === "date"}>
        <TextField {...common()} type="date" value={text()} onChange={props.onChange} description={f().description} />
      </Match>
      <Match when={f().type === "datetime"}>
        <TextField {...common()} type="datetime-local" value={text()} onChange={props.onChange} description={f().description} />
      </Match>
      <Match when={f().type === "switch"}>
        <div class="field" data-field={name()}>
          <Switch label={f().label} checked={props.value === true} onChange={(v) => props.onChange(v)} disabled={props.disabled} />
          {props.error ? <span class="field__error">{props.error}</span> : null}
        </div>
      </Match>
      <Match when={f().type === "select"}>
        <Select {...common()} value={text()} onChange={props.onChange} options={f().options ?? []} emptyLabel={f().required ? undefined : tr("config.none")} placeholder={tr("config.pick")} />
      </Match>
      <Match when={f().type === "multiselect"}>
        <MultiSelect {...common()} value={Array.isArray(props.value) ? (props.value as string[]) : []} onChange={props.onChange} options={f().options ?? []} placeholder={tr("config.pick")} />
      </Match>
      <Match when={f().type === "user"}>
        <UserField {...common()} value={text()} onChange={props.onChange} />
      </Match>
      <Match when={f().type === "image"}>
        <ImageField {...common()} table={props.table} value={text()} onChange={props.onChange} />
      </Match>
      <Match when={f().type === "richtext"}>
        <RichTextField {...common()} value={text()} onChange={props.onChange} />
      </Match>
      <Match when={f().type === "json"}>
        <CodeField {...common()} language="json" value={text()} onChange={props.onChange} problem={jsonProblem(text())}
          description={f().json_schema ? tr("config.hint.json_schema") : fieldHint(f())} />
      </Match>
      <Match when={f().type === "code"}>
        <CodeField {...common()} language={f().language ?? "text"} value={text()} onChange={props.onChange} description={fieldHint(f())} />
      </Match>
      <Match when={f().type === "reference" && f().reference?.table}>
        <ReferenceField {...common()} table={f().reference!.table} value={text()} onChange={props.onChange} />
      </Match>
    </Cases>
  );
}
