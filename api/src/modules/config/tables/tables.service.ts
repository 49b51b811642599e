import { forbidden, t, type Page, type UserActor } from "@ops/shared";
import type { ConfigTable } from "@ops/shared/contracts/config.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow, updateRow } from "../../../platform/db/query.ts";
import { holdsTableRole, requireRead, systemTableAllowed } from "../config.access.ts";
import { SYSTEM_PREFIX, type ConfigDeps } from "../config.deps.ts";
import { badTable, tableExists, tableNotFound } from "../config.errors.ts";
import type { CreateTableInput, UpdateTableInput } from "../config.schema.ts";
import type { ConfigWriteGate } from "../data/index.ts";
import { TABLE_SELECT, loadLive, loadTable, tableColumns, toTable, type TableRow } from "../data/index.ts";
import { fieldChangeProblems } from "./field-changes.ts";
import { tableProblems } from "./validate-table.ts";

/** What the audit keeps of a table (the whole metadata: it is small and is what changed). */
const auditShape = (tb: ConfigTable) => {
  const { id: _id, version: _v, release: _r, created_at: _c, updated_at: _u, ...rest } = tb;
  return rest;
};

/** Tables: metadata CRUD. Reading needs config:view and read_roles; designing needs config:design (the route). */
export function createTables(deps: Pick<ConfigDeps, "db" | "clock">, gate: () => ConfigWriteGate | undefined = () => undefined) {
  const { db, clock } = deps;

  /** the metadata's own problems, then (an approval table) whether its approval definition can carry change sets */
  async function problems(draft: Parameters<typeof tableProblems>[1] & { needs_approval?: boolean; approval_definition?: string }, creating: boolean) {
    const errors = await tableProblems(db, draft, { creating });
    const check = gate()?.checkDefinition;
    if (draft.needs_approval && draft.approval_definition && check) errors.push(...(await check(draft.approval_definition)));
    return errors;
  }

  async function list(actor: UserActor, q: { page: number; page_size: number; q?: string }): Promise<Page<ConfigTable>> {
    const rows = await db.all<TableRow>(`SELECT ${TABLE_SELECT} FROM config_tables t WHERE t.deleted_at IS NULL ORDER BY t.name`);
    const words = q.q?.trim().toLowerCase();
    const visible: ConfigTable[] = [];
    for (const row of rows) {
      const tb = toTable(row);
      if (words && !`${tb.name} ${tb.display_name} ${tb.description}`.toLowerCase().includes(words)) continue;
      if (tb.system ? systemTableAllowed(actor, tb) : await holdsTableRole(db, actor, tb.read_roles)) visible.push(tb);
    }
    const start = (q.page - 1) * q.page_size;
    return { items: visible.slice(start, start + q.page_size), total: visible.length, page: q.page, page_size: q.page_size, pages: Math.ceil(visible.length / q.page_size) };
  }

  async function get(actor: UserActor, name: string): Promise<ConfigTable> {
    return requireRead(db, actor, await loadTable(db, name), name);
  }

  async function create(actor: UserActor, input: CreateTableInput): Promise<ConfigTable> {
    const draft = { ...input, system: false };
    const errors = await problems(draft, true);
    if (input.name.startsWith(SYSTEM_PREFIX)) errors.push({ field: "name", message: "config.table.name_system" });
    if (errors.length) throw badTable(errors);
    const ts = iso(clock.now());
    const id = newId();
    const created = await db.tx(async () => {
      if (await db.get("SELECT id FROM config_tables WHERE name = ?", [input.name])) throw tableExists(input.name);
      await insertRow(db, "config_tables", { id, ...tableColumns(draft), version: 0, release: null, created_by: actor.userId, created_at: ts, updated_at: ts, deleted_at: null });
      return (await loadTable(db, input.name))!;
    });
    noteAudit({ resourceType: "config_table", resourceId: created.name, after: auditShape(created) });
    return created;
  }

  async function update(actor: UserActor, name: string, patch: UpdateTableInput): Promise<ConfigTable> {
    const before = await get(actor, name);
    if (before.system && (patch.fields || patch.key_field)) throw forbidden("config.system_table_fields");
    // who may see a system table and how it is written are fixed (iam:settings:update, applied at once: PUT /settings/security writes it directly)
    const fixed = ["read_roles", "write_roles", "needs_approval", "approval_definition", "owner_department_id"] as const;
    if (before.system && fixed.some((k) => patch[k] !== undefined)) throw forbidden("config.system_table_access");
    const next: ConfigTable = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as ConfigTable;
    // a system table's fields are ours (a select key, whole-number fields) and cannot be patched: only the rest is checked
    const errors = (await problems(next, false)).filter((e) => !before.system || !(e.field === "key_field" || e.field.startsWith("fields")));
    if (errors.length) throw badTable(errors);
    const updated = await db.tx(async () => {
      if (patch.fields || patch.key_field) {
        const live = await loadLive(db, before.id);
        const broken = fieldChangeProblems(before, next.fields, next.key_field, live);
        if (broken.length) {
          throw badTable(broken.map((e) => e.params?.problem_key
            ? { ...e, params: { ...e.params, problem: t(actor.locale, String(e.params.problem_key), e.params) } }
            : e));
        }
      }
      await updateRow(db, "config_tables", { id: before.id }, { ...tableColumns(next), updated_at: iso(clock.now()) });
      return (await loadTable(db, name))!;
    });
    noteAudit({ resourceType: "config_table", resourceId: name, before: auditShape(before), after: auditShape(updated) });
    return updated;
  }

  /** Archives the table (records and history stay); refused for system tables and while another table references it. */
  async function remove(actor: UserActor, name: string): Promise<{ name: string; deleted: true }> {
    const before = await get(actor, name);
    if (before.system) throw forbidden("config.system_table_delete");
    const others = (await db.all<TableRow>("SELECT * FROM config_tables WHERE deleted_at IS NULL AND id <> ?", [before.id])).map(toTable);
    const referrer = others.find((o) => o.fields.some((f) => f.reference?.table === name));
    if (referrer) {
      throw badTable([{ field: "table", message: "config.table.referenced", params: { table: name, by: referrer.name } }]);
    }
    const ts = iso(clock.now());
    // the name is freed for a new table: the archived one keeps its id, history and a suffixed name
    await db.run("UPDATE config_tables SET deleted_at = ?, updated_at = ?, name = ? WHERE id = ?", [ts, ts, `${name}~${before.id}`, before.id]);
    noteAudit({ resourceType: "config_table", resourceId: name, before: auditShape(before) });
    return { name, deleted: true };
  }

  return { list, get, create, update, remove, notFound: tableNotFound };
}

export type Tables = ReturnType<typeof createTables>;
