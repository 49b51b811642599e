import type { Actor, Page, UserActor } from "@ops/shared";
import type { ConfigChange, ConfigChangeSet, ConfigDiffEntry, ConfigRecord, ConfigTable, ConfigVersionKind } from "@ops/shared/contracts/config.ts";
import { noteAudit } from "../../../platform/context.ts";
import { requireRead, requireWrite } from "../config.access.ts";
import type { ConfigDeps } from "../config.deps.ts";
import { invalid, reasonRequired, recordNotFound, recordOutOfScope, reservedKey, staleRecord } from "../config.errors.ts";
import type { WriteRecordInput } from "../config.schema.ts";
import { loadTable, RECORD_FROM, RECORD_SELECT, loadRecordRow, toRecord, maskSecrets, visibleValues, type ConfigDataLayer, type ConfigWriteGate, type RecordRow } from "../data/index.ts";
import { compareValues, listConditions, listOrder } from "./list-query.ts";
import { RECORD_PATHS, RESERVED_KEYS, recordKeyOf, type ErrorPaths } from "../validation/index.ts";

/** What a write answers: applied (the record and the version it made) or proposed (a change set waiting for approval). */
export type WriteResult =
  | { kind: "applied"; version: number; diff: ConfigDiffEntry[]; record: ConfigRecord | null }
  | { kind: "proposed"; change_set: ConfigChangeSet };

const SCOPE_COLUMNS = { dept: "r.department_id", owner: "r.created_by" };

/** Records of one table: list, read, and writes that apply as a version or go to approval through the gate. */
export function createRecords(deps: Pick<ConfigDeps, "db" | "scope" | "logger">, layer: ConfigDataLayer, gate: () => ConfigWriteGate | undefined) {
  const { db, scope } = deps;

  const shown = (table: ConfigTable, row: RecordRow) => toRecord(row, visibleValues(table, maskSecrets(table, JSON.parse(row.record_values))));

  /** The scope fragment over records of a table with an owner department (null: every record). */
  async function scopeOf(table: ConfigTable, actor: Actor) {
    return table.owner_department_id ? scope(actor, SCOPE_COLUMNS) : null;
  }

  async function visibleRow(actor: Actor, table: ConfigTable, key: string): Promise<RecordRow> {
    const fragment = await scopeOf(table, actor);
    const row = await db.get<RecordRow>(
      `SELECT ${RECORD_SELECT} FROM ${RECORD_FROM} WHERE r.table_id = ? AND r.record_key = ?${fragment ? ` AND ${fragment.sql}` : ""}`,
      [table.id, key, ...(fragment?.params ?? [])],
    );
    if (!row) throw recordNotFound(key);
    return row;
  }

  /**
   * The list: `q` over text-like fields and the key, `f.<field>=value` exact filters, `sort=<field>|-<field>`.
   * Searched, filtered, counted and paged in SQL (list-query.ts); a zh-CN text order is decided in JS over the
   * matching keys and their one sort value, then only the page's rows are read.
   */
  async function list(actor: UserActor, name: string, q: { page: number; page_size: number; q?: string; sort?: string }, filters: Record<string, string>): Promise<Page<ConfigRecord>> {
    const table = await requireRead(db, actor, await loadTable(db, name), name);
    const fragment = await scopeOf(table, actor);
    const cond = listConditions(db.dialect, table, q.q, filters);
    const order = listOrder(db.dialect, table, q.sort);
    const where = ["r.table_id = ?", ...(fragment ? [fragment.sql] : []), ...cond.where].join(" AND ");
    const params = [table.id, ...(fragment?.params ?? []), ...cond.params];
    const total = Number((await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM config_records r WHERE ${where}`, params))?.n ?? 0);
    const start = (q.page - 1) * q.page_size;
    const page = (items: ConfigRecord[]) => ({ items, total, page: q.page, page_size: q.page_size, pages: Math.ceil(total / q.page_size) });
    if (order.kind === "sql") {
      const rows = await db.all<RecordRow>(
        `SELECT ${RECORD_SELECT} FROM ${RECORD_FROM} WHERE ${where} ORDER BY ${order.orderBy} LIMIT ? OFFSET ?`, [...params, q.page_size, start],
      );
      return page(rows.map((r) => shown(table, r)));
    }
    const keyed = await db.all<{ record_key: string; sort_value: string | null }>(
      `SELECT r.record_key, ${order.project} AS sort_value FROM config_records r WHERE ${where} ORDER BY r.record_key`, params,
    );
    const value = (k: { record_key: string; sort_value: string | null }): unknown =>
      order.field === "key" ? k.record_key : k.sort_value === null ? null : JSON.parse(k.sort_value);
    const sorted = keyed.map((k) => ({ key: k.record_key, v: value(k) })).sort((a, b) => (order.desc ? -1 : 1) * compareValues(a.v, b.v));
    const keys = sorted.slice(start, start + q.page_size).map((k) => k.key);
    if (!keys.length) return page([]);
    const rows = await db.all<RecordRow>(
      `SELECT ${RECORD_SELECT} FROM ${RECORD_FROM} WHERE r.table_id = ? AND r.record_key IN (${keys.map(() => "?").join(", ")})`, [table.id, ...keys],
    );
    const byKey = new Map(rows.map((r) => [r.record_key, r]));
    return page(keys.flatMap((k) => (byKey.has(k) ? [shown(table, byKey.get(k)!)] : [])));
  }

  async function get(actor: UserActor, name: string, key: string): Promise<ConfigRecord> {
    const table = await requireRead(db, actor, await loadTable(db, name), name);
    return shown(table, await visibleRow(actor, table, key));
  }

  /** May the actor file a record under this department (its own, or one its data scope covers)? */
  async function departmentAllowed(actor: UserActor, dept: string | null): Promise<boolean> {
    if (!dept || dept === actor.deptId) return true;
    const fragment = await scope(actor, { dept: "r.id" });
    if (!fragment) return true;
    return !!(await db.get(`SELECT r.id FROM departments r WHERE r.id = ? AND ${fragment.sql}`, [dept, ...fragment.params]));
  }

  /**
   * One write path for the API's record routes and imports: approval tables (with release/ wired) get a change set
   * after the same check an apply makes; others apply as one version and are then released through the gate.
   */
  async function write(
    actor: UserActor, table: ConfigTable, changes: ConfigChange[],
    opts: { reason: string; kind: ConfigVersionKind; paths: ErrorPaths; release_at?: string | null; precondition?: () => Promise<void> },
  ): Promise<{ kind: "applied"; version: number; diff: ConfigDiffEntry[] } | { kind: "proposed"; change_set: ConfigChangeSet }> {
    const g = gate();
    if (table.needs_approval && g) {
      await opts.precondition?.();
      const errors = await layer.problems(table, changes, actor, opts.paths);
      if (errors.length) throw invalid(errors);
      const change_set = await g.propose(table, changes, { actor, reason: opts.reason, release_at: opts.release_at ?? null });
      return { kind: "proposed", change_set };
    }
    const applied = await db.tx(async () => {
      await opts.precondition?.();
      return layer.applyWith(table, changes, { actor, reason: opts.reason, kind: opts.kind }, opts.paths);
    });
    if (applied.diff.length && g) {
      try {
        await g.applied(table, { ...applied, kind: opts.kind, actor, reason: opts.reason });
      } catch (e) {
        deps.logger?.error("config release after a direct write failed", { err: e, table: table.name, version: applied.version });
      }
    }
    return { kind: "applied", ...applied };
  }

  const needReason = (reason: string | undefined) => {
    const r = reason?.trim();
    if (!r) throw reasonRequired();
    return r;
  };

  async function finish(actor: UserActor, table: ConfigTable, key: string, result: Awaited<ReturnType<typeof write>>, before: ConfigRecord | null): Promise<WriteResult> {
    if (result.kind === "proposed") {
      noteAudit({ resourceType: "config_record", resourceId: `${table.name}/${key}`, before, after: { change_set_id: result.change_set.id, status: result.change_set.status } });
      return result;
    }
    const row = key ? await loadRecordRow(db, table.id, key) : undefined;
    const record = row ? shown(table, row) : null;
    noteAudit({ resourceType: "config_record", resourceId: `${table.name}/${key}`, before, after: record ? { ...record, table_version: result.version } : { table_version: result.version } });
    return { ...result, record };
  }

  async function create(actor: UserActor, name: string, input: WriteRecordInput): Promise<WriteResult> {
    const reason = needReason(input.reason);
    const table = await requireWrite(db, actor, await loadTable(db, name), name);
    const wanted = recordKeyOf(input.values[table.key_field]);
    if (RESERVED_KEYS.has(wanted.toLowerCase())) throw reservedKey(table.key_field, wanted);
    const dept = table.owner_department_id ? (input.department_id ?? actor.deptId) : null;
    if (!(await departmentAllowed(actor, dept))) throw recordOutOfScope();
    const result = await write(actor, table, [{ op: "create", values: input.values, department_id: dept }], { reason, kind: "create", paths: RECORD_PATHS, release_at: input.release_at });
    const keyValue = input.values[table.key_field];
    return finish(actor, table, typeof keyValue === "number" ? String(keyValue) : String(keyValue ?? "").trim(), result, null);
  }

  async function update(actor: UserActor, name: string, key: string, input: WriteRecordInput, ifMatch?: string): Promise<WriteResult> {
    const reason = needReason(input.reason);
    const table = await requireWrite(db, actor, await loadTable(db, name), name);
    const before = shown(table, await visibleRow(actor, table, key));
    const expected = ifMatch?.replace(/^W\//, "").replace(/"/g, "").trim();
    const precondition = async () => {
      if (!expected) return;
      const row = await db.get<{ version: number | string }>(
        `SELECT version FROM config_records WHERE table_id = ? AND record_key = ?${db.dialect === "postgres" ? " FOR UPDATE" : ""}`, [table.id, key],
      );
      if (!row) throw recordNotFound(key);
      if (String(row.version) !== expected) throw staleRecord(key, Number(row.version));
    };
    const result = await write(actor, table, [{ op: "update", key, values: input.values }], { reason, kind: "update", paths: RECORD_PATHS, release_at: input.release_at, precondition });
    return finish(actor, table, key, result, before);
  }

  async function remove(actor: UserActor, name: string, key: string, reasonText: string | undefined): Promise<WriteResult> {
    const reason = needReason(reasonText);
    const table = await requireWrite(db, actor, await loadTable(db, name), name);
    const before = shown(table, await visibleRow(actor, table, key));
    const result = await write(actor, table, [{ op: "delete", key }], { reason, kind: "delete", paths: RECORD_PATHS });
    return finish(actor, table, key, result, before);
  }

  return { list, get, create, update, remove, write, needReason, shown };
}

export type Records = ReturnType<typeof createRecords>;
