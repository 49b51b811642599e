import { For, Show, type JSX } from "solid-js";
import type { DeptStep, FieldChange, SyncPlan, UserStep } from "../../../data/directory-sync.ts";
import { tr } from "../../../providers/i18n.ts";
import { DataTable } from "../../../ui/data-table.tsx";

const ACTION_BADGE: Record<string, string> = { create: "badge--ok", link: "badge--menu", update: "badge--warn", disable: "badge--danger" };

const show = (v: unknown): string => (v === null || v === undefined || v === "" ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

function ActionBadge(props: { action: string }): JSX.Element {
  return <span class={`badge ${ACTION_BADGE[props.action] ?? ""}`} data-action={props.action}>{tr(`dsync.action_${props.action}`)}</span>;
}

/** Shows a field's value: department ids (OPS ids, or `new:<platform id>` for one the plan creates) by name. */
type Shown = (field: string, value: unknown) => string;

function shownBy(plan: SyncPlan, deptNames: Map<string, string>): Shown {
  const created = new Map(plan.departments.flatMap((d) => (d.action === "create" ? [[d.key, d.name] as const] : [])));
  return (field, value) => {
    if ((field === "dept_id" || field === "parent_id") && typeof value === "string") return created.get(value) ?? deptNames.get(value) ?? value;
    return show(value);
  };
}

/** The field changes of one step, each "field: from → to". */
export function Changes(props: { changes: Record<string, FieldChange>; shown?: Shown }): JSX.Element {
  const value = (field: string, v: unknown) => (props.shown ?? ((_f: string, x: unknown) => show(x)))(field, v);
  return (
    <ul class="dsync-changes">
      <For each={Object.entries(props.changes)}>
        {([field, c]) => (
          <li data-field={field}>
            <span class="muted">{tr(`dsync.field_${field}`)}</span> <del>{value(field, c.from)}</del> → <ins>{value(field, c.to)}</ins>
          </li>
        )}
      </For>
    </ul>
  );
}

function deptChanges(s: DeptStep, shown: Shown): JSX.Element {
  if (s.action === "update") return <Changes changes={s.changes} shown={shown} />;
  return "—";
}

function userChanges(s: UserStep, shown: Shown): JSX.Element {
  if (s.action === "create") return tr("dsync.new_fields", { email: show(s.fields.email), phone: show(s.fields.phone) });
  if (s.action === "disable") return "—";
  return (
    <>
      <Show when={s.action === "link"}><p class="muted">{tr("dsync.matched_by", { field: tr(`dsync.field_${(s as { matched_by: string }).matched_by}`) })}</p></Show>
      <Changes changes={s.changes} shown={shown} />
    </>
  );
}

function Chip(props: { label: string; count: number; kind: string }): JSX.Element {
  return (
    <span class={`badge ${props.count ? (ACTION_BADGE[props.kind] ?? "badge--warn") : "badge--muted"}`} data-chip={props.kind}>
      {props.label} <strong>{props.count}</strong>
    </span>
  );
}

/** Counts by kind: departments and people to create / link / update / disable, heads and conflicts. */
export function SummaryChips(props: { summary: SyncPlan["summary"] }): JSX.Element {
  const s = () => props.summary;
  return (
    <div class="dsync-chips" data-testid="dsync-summary">
      <div class="row" data-scope="departments">
        <strong>{tr("dsync.departments")}</strong>
        <Chip label={tr("dsync.chip_create")} count={s().departments.create} kind="create" />
        <Chip label={tr("dsync.chip_update")} count={s().departments.update} kind="update" />
        <Chip label={tr("dsync.chip_disable")} count={s().departments.disable} kind="disable" />
      </div>
      <div class="row" data-scope="users">
        <strong>{tr("dsync.users")}</strong>
        <Chip label={tr("dsync.chip_create")} count={s().users.create} kind="create" />
        <Chip label={tr("dsync.chip_link")} count={s().users.link} kind="link" />
        <Chip label={tr("dsync.chip_update")} count={s().users.update} kind="update" />
        <Chip label={tr("dsync.chip_disable")} count={s().users.disable} kind="disable" />
      </div>
      <div class="row">
        <Chip label={tr("dsync.chip_heads")} count={s().heads} kind="update" />
        <Chip label={tr("dsync.chip_conflicts")} count={s().conflicts} kind="disable" />
      </div>
    </div>
  );
}

/** A plan (the dry run's diff, or what an applied run did): chips, then the steps, conflicts and heads. */
export function SyncPlanView(props: { plan: SyncPlan; deptNames?: Map<string, string> }): JSX.Element {
  const p = () => props.plan;
  const shown: Shown = (field, value) => shownBy(p(), props.deptNames ?? new Map())(field, value);
  return (
    <div class="dsync-plan" data-testid="dsync-plan">
      <SummaryChips summary={p().summary} />
      <Show when={p().summary.unchanged}><p class="alert alert--info" data-testid="dsync-unchanged">{tr("dsync.unchanged")}</p></Show>
      <Show when={p().departments.length}>
        <h3>{tr("dsync.departments")}</h3>
        <DataTable
          testid="dsync-departments"
          items={p().departments}
          rowKey={(s) => `${s.action}:${s.external_id}`}
          columns={[
            { key: "name", header: tr("dsync.name"), primary: true, render: (s) => s.name },
            { key: "action", header: tr("dsync.action"), render: (s) => <ActionBadge action={s.action} /> },
            { key: "id", header: tr("dsync.external_id"), render: (s) => <code>{s.external_id}</code> },
            { key: "changes", header: tr("dsync.changes"), render: (s) => deptChanges(s, shown) },
          ]}
        />
      </Show>
      <Show when={p().users.length}>
        <h3>{tr("dsync.users")}</h3>
        <DataTable
          testid="dsync-users"
          items={p().users}
          rowKey={(s) => `${s.action}:${s.external_id}`}
          columns={[
            { key: "person", header: tr("dsync.person"), primary: true, render: (s) => <><strong>{s.display_name}</strong> <span class="muted">@{s.username}</span></> },
            { key: "action", header: tr("dsync.action"), render: (s) => <ActionBadge action={s.action} /> },
            { key: "id", header: tr("dsync.external_id"), render: (s) => <code>{s.external_id}</code> },
            { key: "changes", header: tr("dsync.changes"), render: (s) => userChanges(s, shown) },
          ]}
        />
      </Show>
      <Show when={p().conflicts.length}>
        <h3>{tr("dsync.conflicts")}</h3>
        <DataTable
          testid="dsync-conflicts"
          items={p().conflicts}
          rowKey={(c) => c.external_id}
          columns={[
            { key: "person", header: tr("dsync.person"), primary: true, render: (c) => c.display_name },
            { key: "reason", header: tr("dsync.reason"), render: (c) => <span data-reason={c.reason}>{tr(`dsync.reason_${c.reason}`)}</span> },
            { key: "detail", header: tr("dsync.detail"), render: (c) => c.detail },
          ]}
        />
      </Show>
      <Show when={p().heads.length}>
        <h3>{tr("dsync.heads")}</h3>
        <DataTable
          testid="dsync-heads"
          items={p().heads}
          rowKey={(h) => h.dept}
          columns={[
            { key: "dept", header: tr("dsync.departments"), primary: true, render: (h) => h.dept_name },
            { key: "head", header: tr("dsync.head"), render: (h) => h.user_name ?? "—" },
          ]}
        />
      </Show>
    </div>
  );
}
