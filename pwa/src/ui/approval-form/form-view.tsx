import { createResource, For, Match, Show, Switch, type JSX } from "solid-js";
import type { ApprovalAttachment, FormField } from "@ops/shared/contracts/approvals.ts";
import { tr } from "../../providers/i18n.ts";
import { departments, userName } from "./lookups.ts";

/**
 * A submitted form, read-only: every field of `fields` with its value in `values` (the instance's
 * `form`), table rows as a table. Attachment fields hold file names; the files themselves are
 * comment attachments of the instance, so `files` (every attachment of the timeline) turns a
 * name into a download through `openFile`.
 */
export type ApprovalFormViewProps = {
  fields: FormField[];
  values: Record<string, unknown>;
  files?: ApprovalAttachment[];
  openFile?: (file: ApprovalAttachment) => void;
};

const isBlank = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

function UserName(props: { id: string }): JSX.Element {
  // outside the reader's data scope the directory has no name for it
  const [name] = createResource(() => props.id, async (id) => {
    const n = await userName(id);
    return n === id ? tr("approval_form.someone") : n;
  });
  return <span data-user-id={props.id} title={props.id}>{name() ?? ""}</span>;
}

function DeptName(props: { id: string }): JSX.Element {
  const [list] = createResource(departments);
  return <span>{list()?.find((d) => d.id === props.id)?.name ?? props.id}</span>;
}

function FileValue(props: { names: string[]; files?: ApprovalAttachment[]; openFile?: (f: ApprovalAttachment) => void }): JSX.Element {
  return (
    <span class="approval-view__files">
      <For each={props.names}>
        {(name) => {
          const file = () => [...(props.files ?? [])].reverse().find((f) => f.name === name);
          return (
            <Show when={file() && props.openFile} fallback={<span class="badge badge--muted">📎 {name}</span>}>
              <button type="button" class="btn btn--ghost btn--sm" data-testid="approval-form-file" data-name={name} onClick={() => props.openFile!(file()!)}>📎 {name}</button>
            </Show>
          );
        }}
      </For>
    </span>
  );
}

/** One value as text (or names, files, a table). */
export function FieldValue(props: { field: FormField; value: unknown; files?: ApprovalAttachment[]; openFile?: (f: ApprovalAttachment) => void }): JSX.Element {
  const f = () => props.field;
  const v = () => props.value;
  return (
    <Show when={!isBlank(v())} fallback={<span class="muted">—</span>}>
      <Switch fallback={<span class="approval-view__text">{String(v())}</span>}>
        <Match when={f().type === "money" && typeof v() === "number"}>
          <span>¥{(v() as number).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</span>
        </Match>
        <Match when={f().type === "date_range" && Array.isArray(v())}>
          <span>{(v() as string[]).join(" ~ ")}</span>
        </Match>
        <Match when={f().type === "user" && typeof v() === "string"}>
          <UserName id={v() as string} />
        </Match>
        <Match when={f().type === "department" && typeof v() === "string"}>
          <DeptName id={v() as string} />
        </Match>
        <Match when={f().type === "attachment" && Array.isArray(v())}>
          <FileValue names={v() as string[]} files={props.files} openFile={props.openFile} />
        </Match>
        <Match when={f().type === "table" && Array.isArray(v())}>
          <TableValue field={f()} rows={v() as Array<Record<string, unknown>>} />
        </Match>
      </Switch>
    </Show>
  );
}

function TableValue(props: { field: FormField; rows: Array<Record<string, unknown>> }): JSX.Element {
  const columns = () => props.field.columns ?? [];
  return (
    <div class="table-wrap approval-view__table">
      <table class="table" data-testid="approval-form-table">
        <thead><tr><th>#</th><For each={columns()}>{(c) => <th>{c.label}</th>}</For></tr></thead>
        <tbody>
          <For each={props.rows}>
            {(row, i) => (
              <tr>
                <td>{i() + 1}</td>
                <For each={columns()}>{(c) => <td><FieldValue field={c} value={row[c.key]} /></td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

export function ApprovalFormView(props: ApprovalFormViewProps): JSX.Element {
  return (
    <dl class="facts approval-view" data-testid="approval-form-view">
      <For each={props.fields} fallback={<dd class="muted">{tr("approval_form.no_fields")}</dd>}>
        {(f) => (
          <>
            <dt>{f.label}</dt>
            <dd data-form-field={f.key} data-type={f.type}><FieldValue field={f} value={props.values[f.key]} files={props.files} openFile={props.openFile} /></dd>
          </>
        )}
      </For>
    </dl>
  );
}
