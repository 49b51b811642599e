import { createResource, For, Index, Match, Show, Switch, type JSX } from "solid-js";
import type { FormField } from "@ops/shared/contracts/approvals.ts";
import { APPROVAL_ATTACHMENT_TYPES, APPROVAL_LIMITS } from "@ops/shared/contracts/approvals.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../button.tsx";
import { RequiredMark } from "../required-mark.tsx";
import { Select, type Option } from "../select.tsx";
import { TextField } from "../text-field.tsx";
import { emptyDraft, type Draft } from "./form-values.ts";
import { departments } from "./lookups.ts";
import { UserPicker } from "./user-picker.tsx";

/**
 * The editable form of an approval definition: one input per field of `fields`, in order. The
 * caller keeps the draft (`values`, see form-values.ts) and gets every change through `onChange`.
 * `error(path)` names a field's problem by the API's path (`form.<key>`, `form.<key>[i].<column>`),
 * so the API's 400 and the client-side checks land under the same input. `onChange` runs only for
 * a new value (a select reports its value again when it re-renders).
 */
export type ApprovalFormFieldsProps = {
  fields: FormField[];
  values: Draft;
  onChange: (key: string, value: unknown) => void;
  error?: (path: string) => string | undefined;
  disabled?: boolean;
  /** the path prefix of these fields' errors (default "form") */
  path?: string;
};

/** Departments the reader may see, as options indented by depth. */
const deptOptions = async (): Promise<Option[]> => (await departments()).map((d) => ({ value: d.id, label: `${"\u3000".repeat(d.depth)}${d.name}` }));

function DeptSelect(props: { field: FormField; value: string; onChange: (v: string) => void; error?: string; disabled?: boolean; name: string }): JSX.Element {
  const [options] = createResource(deptOptions);
  return (
    <Select name={props.name} label={props.field.label} required={props.field.required} value={props.value} onChange={props.onChange}
      options={options() ?? []} placeholder={tr("approval_form.dept_pick")} error={props.error} disabled={props.disabled} />
  );
}

function FilesInput(props: { field: FormField; value: File[]; onChange: (v: File[]) => void; error?: string; disabled?: boolean; name: string }): JSX.Element {
  return (
    <label class="field" data-field={props.name}>
      <span class="field__label">{props.field.label}<RequiredMark when={props.field.required} /></span>
      <input type="file" multiple disabled={props.disabled} accept={APPROVAL_ATTACHMENT_TYPES.join(",")} data-testid="approval-form-files"
        onChange={(e) => props.onChange(Array.from(e.currentTarget.files ?? []))} />
      <span class="field__hint">{tr("approval_form.files_hint", { max: APPROVAL_LIMITS.attachmentsPerComment, kb: APPROVAL_LIMITS.attachmentBytes / 1024 })}</span>
      <Show when={props.error}><span class="field__error">{props.error}</span></Show>
    </label>
  );
}

function DateRange(props: { field: FormField; value: string[]; onChange: (v: string[]) => void; error?: string; disabled?: boolean; name: string }): JSX.Element {
  const at = (i: number) => props.value[i] ?? "";
  const set = (i: number, v: string) => props.onChange(i === 0 ? [v, at(1)] : [at(0), v]);
  return (
    <fieldset class="field approval-form__range" data-field={props.name}>
      <legend class="field__label">{props.field.label}<RequiredMark when={props.field.required} /></legend>
      <div class="approval-form__range-inputs">
        <input class="input" type="date" aria-label={tr("approval_form.range_from")} value={at(0)} disabled={props.disabled} onInput={(e) => set(0, e.currentTarget.value)} />
        <span aria-hidden="true">~</span>
        <input class="input" type="date" aria-label={tr("approval_form.range_to")} value={at(1)} disabled={props.disabled} onInput={(e) => set(1, e.currentTarget.value)} />
      </div>
      <Show when={props.error}><span class="field__error">{props.error}</span></Show>
    </fieldset>
  );
}

/** Table rows: each row is the columns' fields again; rows are added and removed. */
function TableRows(props: { field: FormField; value: Draft[]; onChange: (v: Draft[]) => void; error?: (p: string) => string | undefined; disabled?: boolean; path: string }): JSX.Element {
  const columns = () => props.field.columns ?? [];
  const setCell = (i: number, key: string, v: unknown) => props.onChange(props.value.map((row, j) => (j === i ? { ...row, [key]: v } : row)));
  return (
    <fieldset class="field approval-form__table" data-field={props.path}>
      <legend class="field__label">{props.field.label}<RequiredMark when={props.field.required} /></legend>
      <Index each={props.value}>
        {(row, i) => (
          <div class="approval-form__row" data-testid="approval-form-row">
            <div class="approval-form__row-head">
              <span class="muted">{tr("approval_form.row", { n: i + 1 })}</span>
              <Button size="sm" variant="ghost" disabled={props.disabled} onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}>{tr("approval_form.row_remove")}</Button>
            </div>
            <ApprovalFormFields fields={columns()} values={row()} onChange={(k, v) => setCell(i, k, v)} error={props.error} disabled={props.disabled} path={`${props.path}[${i}]`} />
          </div>
        )}
      </Index>
      <div><Button size="sm" disabled={props.disabled} data-testid="approval-form-row-add" onClick={() => props.onChange([...props.value, emptyDraft(columns())])}>{tr("approval_form.row_add")}</Button></div>
      <Show when={props.error?.(props.path)}><span class="field__error">{props.error?.(props.path)}</span></Show>
    </fieldset>
  );
}

/** "1–30", "≥ 0" or "≤ 100" under a number field with bounds. */
function rangeHint(f: FormField): string | undefined {
  if (f.min !== undefined && f.max !== undefined) return tr("approval_form.range_hint", { min: f.min, max: f.max });
  if (f.min !== undefined) return tr("approval_form.min_hint", { min: f.min });
  if (f.max !== undefined) return tr("approval_form.max_hint", { max: f.max });
  return undefined;
}

function FieldInput(props: { field: FormField; value: unknown; onChange: (v: unknown) => void; error?: (p: string) => string | undefined; disabled?: boolean; path: string }): JSX.Element {
  const f = () => props.field;
  const err = () => props.error?.(props.path);
  const str = () => (typeof props.value === "string" ? props.value : props.value === undefined || props.value === null ? "" : String(props.value));
  const common = () => ({ name: props.path, label: f().label, required: f().required, error: err(), disabled: props.disabled });
  return (
    <Switch fallback={<TextField {...common()} value={str()} onChange={props.onChange} />}>
      <Match when={f().type === "number" || f().type === "money"}>
        <TextField {...common()} value={str()} onChange={props.onChange} inputMode="decimal"
          description={rangeHint(f()) ?? (f().type === "money" ? tr("approval_form.money_hint") : undefined)} />
      </Match>
      <Match when={f().type === "date"}>
        <TextField {...common()} type="date" value={str()} onChange={props.onChange} />
      </Match>
      <Match when={f().type === "date_range"}>
        <DateRange {...common()} field={f()} value={(props.value as string[]) ?? ["", ""]} onChange={props.onChange} />
      </Match>
      <Match when={f().type === "select"}>
        <Select {...common()} value={str()} onChange={props.onChange} options={(f().options ?? []).map((o) => ({ value: o, label: o }))} placeholder={tr("approval_form.select_pick")} />
      </Match>
      <Match when={f().type === "user"}>
        <UserPicker {...common()} value={str()} onChange={(id) => props.onChange(id)} />
      </Match>
      <Match when={f().type === "department"}>
        <DeptSelect {...common()} field={f()} value={str()} onChange={props.onChange} />
      </Match>
      <Match when={f().type === "attachment"}>
        <FilesInput {...common()} field={f()} value={(props.value as File[]) ?? []} onChange={props.onChange} />
      </Match>
      <Match when={f().type === "table"}>
        <TableRows field={f()} value={(props.value as Draft[]) ?? []} onChange={props.onChange} error={props.error} disabled={props.disabled} path={props.path} />
      </Match>
    </Switch>
  );
}

export function ApprovalFormFields(props: ApprovalFormFieldsProps): JSX.Element {
  return (
    <div class="approval-form" data-testid="approval-form">
      <For each={props.fields}>
        {(f) => (
          <div class="approval-form__field" data-form-field={f.key} data-type={f.type}>
            <FieldInput field={f} value={props.values[f.key]} onChange={(v) => v !== props.values[f.key] && props.onChange(f.key, v)} error={props.error} disabled={props.disabled} path={`${props.path ?? "form"}.${f.key}`} />
          </div>
        )}
      </For>
    </div>
  );
}
