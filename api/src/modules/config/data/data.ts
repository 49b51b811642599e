import { t, type Actor, type FieldError as KeyedFieldError } from "@ops/shared";
import type { ConfigChange, ConfigDiffEntry, ConfigTable } from "@ops/shared/contracts/config.ts";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { ConfigDeps } from "../config.deps.ts";
import { invalid, versionNotFound } from "../config.errors.ts";
import { loadTable } from "./table.store.ts";
import { BATCH_PATHS, checkChanges, type ErrorPaths, type RecordOp, type StoredRecord } from "../validation/index.ts";
import { diffStates, summaryOf } from "./diff.ts";
import { storeLookups } from "./lookups.ts";
import type { ApplyMeta, ConfigData } from "./ports.ts";
import { loadLive, loadStateAt } from "./records.store.ts";
import { maskSecrets, openSecrets, visibleValues } from "./secret-values.ts";

type Values = Record<string, unknown>;
export type Applied = { version: number; diff: ConfigDiffEntry[] };

const actorId = (a: Actor) => (a.kind === "user" ? a.userId : `system:${a.reason}`);

/**
 * The data layer: checks and applies changes as table versions, reads any version's state, diffs and restores.
 * Every apply is one transaction: the table row is locked (PostgreSQL) before the live records are read, so two
 * writers cannot both pass the unique check; a failed check throws 422 and nothing is written.
 */
export function createConfigData(deps: Pick<ConfigDeps, "db" | "clock" | "secrets" | "scope"> & {
  /** after the commit of each new version (history pruning); a failure there never undoes the write */
  onApplied?: (table: ConfigTable) => Promise<unknown>;
}) {
  const { db, clock, secrets, scope } = deps;
  const lookups = storeLookups(db);

  /** Records outside the writer's data scope cannot be changed (tables with an owner department only). */
  async function scopeTest(table: ConfigTable, actor: Actor): Promise<((r: StoredRecord) => boolean) | undefined> {
    if (!table.owner_department_id || actor.kind === "system") return undefined;
    const fragment = await scope(actor, { dept: "r.department_id", owner: "r.created_by" });
    if (!fragment) return undefined;
    const rows = await db.all<{ record_key: string }>(`SELECT r.record_key FROM config_records r WHERE r.table_id = ? AND ${fragment.sql}`, [table.id, ...fragment.params]);
    const keys = new Set(rows.map((r) => r.record_key));
    return (r) => keys.has(r.key);
  }

  async function runCheck(table: ConfigTable, live: Map<string, StoredRecord>, changes: ConfigChange[], actor: Actor, paths: ErrorPaths) {
    return checkChanges(table, live, changes, {
      paths,
      lookups: { ...lookups, inScope: await scopeTest(table, actor) },
      seal: (plain) => secrets.encrypt(plain),
      defaultDepartment: actor.kind === "user" ? actor.deptId : null,
    });
  }

  async function lockTable(table: ConfigTable): Promise<number> {
    const row = await db.get<{ version: number | string }>(
      `SELECT version FROM config_tables WHERE id = ?${db.dialect === "postgres" ? " FOR UPDATE" : ""}`, [table.id],
    );
    return Number(row?.version ?? 0);
  }

  const open = (table: ConfigTable, v: Values) => openSecrets(table, v, secrets);

  /** Writes the ops that change something as one new version; no change at all writes nothing. */
  async function commit(table: ConfigTable, live: Map<string, StoredRecord>, ops: RecordOp[], meta: ApplyMeta, current: number): Promise<Applied> {
    const before = new Map<string, Values>();
    const after = new Map<string, Values>();
    const last = new Map<string, RecordOp>();
    for (const op of ops) last.set(op.key, op);
    for (const [key, op] of last) {
      const rec = live.get(key);
      if (rec) before.set(key, await open(table, rec.values));
      if (op.op !== "delete") after.set(key, await open(table, op.values));
    }
    const diff = diffStates(table, before, after);
    if (diff.length === 0) return { version: current, diff };
    const row = await db.get<{ version: number | string }>("UPDATE config_tables SET version = version + 1 WHERE id = ? RETURNING version", [table.id]);
    const version = Number(row!.version);
    const ts = iso(clock.now());
    const by = actorId(meta.actor);
    for (const entry of diff) {
      const op = last.get(entry.key)!;
      const rec = live.get(entry.key);
      if (op.op === "delete") {
        await db.run("DELETE FROM config_records WHERE table_id = ? AND record_key = ?", [table.id, entry.key]);
        await insertRow(db, "config_record_versions", { table_id: table.id, version, record_key: entry.key, op: "removed", record_values: null, department_id: rec?.department_id ?? null });
        continue;
      }
      const values = JSON.stringify(op.values);
      if (rec) {
        await db.run(
          "UPDATE config_records SET record_values = ?, department_id = ?, version = ?, updated_by = ?, updated_at = ? WHERE table_id = ? AND record_key = ?",
          [values, op.department_id, version, by, ts, table.id, entry.key],
        );
      } else {
        await insertRow(db, "config_records", {
          id: newId(), table_id: table.id, record_key: entry.key, record_values: values, department_id: op.department_id,
          version, created_by: by, updated_by: by, created_at: ts, updated_at: ts,
        });
      }
      await insertRow(db, "config_record_versions", {
        table_id: table.id, version, record_key: entry.key, op: rec ? "changed" : "added", record_values: values, department_id: op.department_id,
      });
    }
    const summary = summaryOf(diff);
    await insertRow(db, "config_versions", {
      table_id: table.id, version, kind: meta.kind, reason: meta.reason, operator_id: by,
      added: summary.added, changed: summary.changed, removed: summary.removed,
      change_set_id: meta.change_set_id ?? null, restored_version: meta.restored_version ?? null, created_at: ts,
    });
    if (deps.onApplied) db.afterCommit(() => deps.onApplied!(table));
    return { version, diff };
  }

  /** Check and apply in one transaction; errors at `paths` (values.x, changes[i].values.x, rows[i].x). */
  async function applyWith(table: ConfigTable, changes: ConfigChange[], meta: ApplyMeta, paths: ErrorPaths): Promise<Applied> {
    return db.tx(async () => {
      const current = await lockTable(table);
      const live = await loadLive(db, table.id);
      const { errors, ops } = await runCheck(table, live, changes, meta.actor, paths);
      if (errors.length) throw invalid(errors);
      return commit(table, live, ops, meta, current);
    });
  }

  /** The problems of a batch without writing (keys + params: the caller translates). */
  async function problems(table: ConfigTable, changes: ConfigChange[], actor: Actor, paths: ErrorPaths = BATCH_PATHS): Promise<KeyedFieldError[]> {
    const live = await loadLive(db, table.id);
    return (await runCheck(table, live, changes, actor, paths)).errors;
  }

  async function restore(table: ConfigTable, version: number, meta: ApplyMeta): Promise<Applied> {
    if (version < 0 || version > table.version) throw versionNotFound(version);
    return db.tx(async () => {
      const current = await lockTable(table);
      const live = await loadLive(db, table.id);
      const target = await loadStateAt(db, table.id, version);
      const ops: RecordOp[] = [];
      for (const key of live.keys()) if (!target.has(key)) ops.push({ op: "delete", key });
      for (const [key, rec] of target) ops.push({ op: live.has(key) ? "update" : "create", key, values: rec.values, department_id: rec.department_id });
      return commit(table, live, ops, meta, current);
    });
  }

  async function openState(table: ConfigTable, version: number): Promise<Map<string, Values>> {
    if (version < 0 || version > table.version) throw versionNotFound(version);
    const state = await loadStateAt(db, table.id, version);
    const out = new Map<string, Values>();
    for (const [key, rec] of state) out.set(key, await open(table, rec.values));
    return out;
  }

  const data: ConfigData = {
    getTable: (name) => loadTable(db, name),
    async check(table, changes, actor) {
      return (await problems(table, changes, actor)).map((e) => ({ field: e.field, message: t(actor.locale, e.message, e.params) }));
    },
    apply: (table, changes, meta) => applyWith(table, changes, meta, BATCH_PATHS),
    async stateAt(table, version, opts = {}) {
      const state = await openState(table, version);
      return [...state].map(([key, values]) => ({ key, values: visibleValues(table, opts.reveal ? values : maskSecrets(table, values)) }));
    },
    async diff(table, from, to) {
      return diffStates(table, await openState(table, from), await openState(table, to));
    },
    async preview(table, changes) {
      const live = await loadLive(db, table.id);
      const { errors, ops } = await checkChanges(table, live, changes, {
        paths: BATCH_PATHS, lookups, seal: (plain) => secrets.encrypt(plain), defaultDepartment: null,
      });
      if (errors.length) throw invalid(errors);
      const before = new Map<string, Values>();
      const after = new Map<string, Values>();
      for (const [key, rec] of live) {
        before.set(key, await open(table, rec.values));
        after.set(key, before.get(key)!);
      }
      for (const op of ops) {
        if (op.op === "delete") after.delete(op.key);
        else after.set(op.key, await open(table, op.values));
      }
      return diffStates(table, before, after);
    },
    restore,
  };

  return { data, applyWith, problems, open };
}

export type ConfigDataLayer = ReturnType<typeof createConfigData>;
