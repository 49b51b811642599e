import { useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, Index, Show, type JSX } from "solid-js";
import { approvalDefinitionsApi } from "../../data/approval-definitions.ts";
import { configApi } from "../../data/config.ts";
import { departmentsApi, rolesApi, usersApi } from "../../data/directory.ts";
import type { Department } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { UsersPicker } from "../../ui/approval-form/user-picker.tsx";
import { Button } from "../../ui/button.tsx";
import { MultiSelect } from "../../ui/multi-select.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Select } from "../../ui/select.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import { Switch } from "../../ui/switch.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { TreeSelect } from "../../ui/tree-select.tsx";
import { draftFrom, move, newField, newTable, toInput, type FieldDraft, type TableDraft } from "./designer-model.ts";
import { FieldRow } from "./field-row.tsx";
import { createConfigErrors } from "./form-errors.ts";
import "./config.css";

/** The draft of an existing table, with its subscribers' names (null: a new table). */
async function loadDraft(name: string | undefined): Promise<TableDraft> {
  if (!name) return newTable();
  const t = await configApi.table(name);
  const names = new Map(await Promise.all(t.subscribers.map(async (id) => [id, await usersApi.get(id).then((u) => u.display_name, () => id)] as const)));
  return draftFrom(t, names);
}

/**
 * `/config/tables/new` and `/config/<table>/design`: a table's metadata and its fields. The server
 * checks everything (keys, the key field, regexes, JSON Schemas, references, changes that would
 * break stored records) and names `fields[i].<prop>`; those messages land at their inputs.
 */
export default function TableDesignerPage(): JSX.Element {
  const params = useParams<{ table?: string }>();
  const editing = () => !!params.table;
  const [loaded] = createResource(() => params.table ?? "", (name) => loadDraft(name || undefined));
  return (
    <section class="page" data-testid="config-designer-page">
      <Show when={loaded.error}><ErrorState error={loaded.error} /></Show>
      <Show when={loaded()} keyed fallback={<Show when={!loaded.error}><Loading /></Show>}>
        {(initial) => <Designer initial={initial} editing={editing()} />}
      </Show>
    </section>
  );
}

function Designer(props: { initial: TableDraft; editing: boolean }): JSX.Element {
  const navigate = useNavigate();
  const [d, setD] = createSignal<TableDraft>(props.initial);
  const [busy, setBusy] = createSignal(false);
  const errors = createConfigErrors();
  const [roles] = createResource(() => rolesApi.list().then((rs) => rs.map((r) => ({ value: r.code, label: r.name })), () => []));
  const [depts] = createResource(() => departmentsApi.tree().catch(() => [] as Department[]));
  const [definitions] = createResource(() =>
    approvalDefinitionsApi.list({ page_size: 100 }).then((p) => p.items.map((x) => ({ value: x.key, label: `${x.name}（${x.key}）` })), () => []));
  const [tables] = createResource(() => configApi.tables().then((ts) => ts.map((t) => ({ value: t.name, label: `${t.display_name}（${t.name}）` })), () => []));
  // a select reports its value again when it re-renders: only a real change updates the draft
  const same = <T extends object>(patch: Partial<T>, cur: T) => Object.entries(patch).every(([k, v]) => JSON.stringify(v) === JSON.stringify(cur[k as keyof T]));
  const set = (patch: Partial<TableDraft>) => setD((x) => (same(patch, x) ? x : { ...x, ...patch }));
  const setField = (i: number, patch: Partial<FieldDraft>) =>
    setD((x) => {
      const before = x.fields[i]!;
      if (same(patch, before)) return x;
      const fields = x.fields.map((f, j) => (j === i ? { ...f, ...patch } : f));
      // renaming the key field's key keeps it the key field
      const key_field = x.key_field === before.key && patch.key !== undefined ? patch.key : x.key_field;
      return { ...x, fields, key_field };
    });
  const definitionOptions = () => {
    const list = definitions() ?? [];
    const cur = d().approval_definition;
    return cur && !list.some((o) => o.value === cur) ? [{ value: cur, label: cur }, ...list] : list;
  };
  const save = async () => {
    errors.clear();
    const { input, problems } = toInput(d(), (m) => tr("config.json_parse_error", { message: m }));
    if (Object.keys(problems).length) return errors.set(problems);
    setBusy(true);
    try {
      const saved = props.editing ? await configApi.updateTable(props.initial.name, input) : await configApi.createTable(input);
      notify.success(tr("config.table_saved"));
      navigate(`/config/${encodeURIComponent(saved.name ?? input.name)}`);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  const title = () => (props.editing ? tr("config.design_title", { name: props.initial.display_name || props.initial.name }) : tr("config.table_new"));
  return (
    <form class="form cfg-designer" data-testid="config-designer" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <PageHeader title={title()} subtitle={tr("config.designer_subtitle")}
        actions={<Button type="submit" variant="primary" loading={busy()} data-testid="designer-save">{tr("common.save")}</Button>} />
      <div class="card form">
        <h2 class="section-title section-title--first">{tr("config.basics")}</h2>
        <div class="cfg-grid">
          <TextField label={tr("config.name")} name="name" value={d().name} onChange={(name) => set({ name })} required disabled={props.editing}
            description={tr("config.name_hint")} error={errors.of("name")} />
          <TextField label={tr("config.display_name")} name="display_name" value={d().display_name} onChange={(display_name) => set({ display_name })} required error={errors.of("display_name")} />
          <Select label={tr("config.key_field")} name="key_field" value={d().key_field} onChange={(key_field) => set({ key_field })} error={errors.of("key_field")}
            options={d().fields.filter((f) => f.key).map((f) => ({ value: f.key, label: f.label ? `${f.label}（${f.key}）` : f.key }))} />
          <TextField label={tr("config.keep_history_days")} name="keep_history_days" value={d().keep_history_days} onChange={(keep_history_days) => set({ keep_history_days })}
            inputMode="numeric" description={tr("config.keep_history_hint")} error={errors.of("keep_history_days")} />
        </div>
        <TextField label={tr("config.description")} name="description" multiline value={d().description} onChange={(description) => set({ description })} error={errors.of("description")} />
        <div class="cfg-grid">
          <MultiSelect label={tr("config.read_roles")} name="read_roles" value={d().read_roles} onChange={(read_roles) => set({ read_roles })} options={roles() ?? []}
            placeholder={tr("config.roles_any")} error={errors.of("read_roles")} />
          <MultiSelect label={tr("config.write_roles")} name="write_roles" value={d().write_roles} onChange={(write_roles) => set({ write_roles })} options={roles() ?? []}
            placeholder={tr("config.roles_any")} error={errors.of("write_roles")} />
          <TreeSelect<Department> label={tr("config.owner_department")} nodes={depts() ?? []} id={(n) => n.id} children={(n) => n.children ?? []} name={(n) => n.name}
            value={d().owner_department_id} onChange={(owner_department_id) => set({ owner_department_id })} emptyLabel={tr("config.no_owner")} testid="owner-department" />
        </div>
        <Show when={errors.of("owner_department_id")}><span class="field__error">{errors.of("owner_department_id")}</span></Show>
        <div class="cfg-approval">
          <Switch label={tr("config.needs_approval_label")} checked={d().needs_approval} onChange={(needs_approval) => set({ needs_approval })} />
          <Show when={d().needs_approval}>
            <Select label={tr("config.approval_definition")} name="approval_definition" value={d().approval_definition} options={definitionOptions()}
              onChange={(approval_definition) => set({ approval_definition })} error={errors.of("approval_definition")} />
          </Show>
        </div>
        <UsersPicker label={tr("config.subscribers")} name="subscribers" value={d().subscribers} onChange={(subscribers) => set({ subscribers })} error={errors.of("subscribers")} />
      </div>
      <h2 class="section-title">{tr("config.fields")}</h2>
      <Show when={errors.of("fields") && !/\[\d+\]/.test(Object.keys(errors.all()).find((k) => k.startsWith("fields")) ?? "")}>
        <p class="alert alert--error" data-field="fields">{errors.of("fields")}</p>
      </Show>
      <div class="cfg-fields" data-testid="designer-fields">
        <Index each={d().fields}>
          {(f, i) => (
            <FieldRow index={i} count={d().fields.length} field={f()} isKey={f().key === d().key_field} tables={(tables() ?? []).filter((t) => t.value !== d().name)}
              error={errors.of} onChange={(patch) => setField(i, patch)}
              onMove={(delta) => set({ fields: move(d().fields, i, delta) })}
              onRemove={() => set({ fields: d().fields.filter((_, j) => j !== i) })} />
          )}
        </Index>
      </div>
      <div class="row">
        <Button data-testid="field-add" onClick={() => set({ fields: [...d().fields, newField("text", d().fields.length + 1)] })}>{tr("config.field_add")}</Button>
        <Button type="submit" variant="primary" loading={busy()}>{tr("common.save")}</Button>
      </div>
    </form>
  );
}
