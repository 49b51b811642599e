import type { ConfigRecord } from "@ops/shared/contracts/config.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { StoredRecord } from "../validation/index.ts";

export type RecordRow = {
  id: string; table_id: string; record_key: string; record_values: string; department_id: string | null;
  version: number | string; created_by: string; updated_by: string; created_at: string; updated_at: string;
  updated_by_name?: string | null;
};

export const toStored = (r: RecordRow): StoredRecord => ({
  id: r.id, key: r.record_key, values: JSON.parse(r.record_values) as Record<string, unknown>,
  department_id: r.department_id, version: Number(r.version), created_by: r.created_by,
});

/** The API shape; `values` already masked by the caller. */
export const toRecord = (r: RecordRow, values: Record<string, unknown>): ConfigRecord => ({
  id: r.id, key: r.record_key, values, department_id: r.department_id, version: Number(r.version),
  updated_by: r.updated_by, updated_by_name: r.updated_by_name ?? undefined, created_at: r.created_at, updated_at: r.updated_at,
});

export const RECORD_SELECT = "r.*, u.display_name AS updated_by_name";
export const RECORD_FROM = "config_records r LEFT JOIN users u ON u.id = r.updated_by";

/** Every live record of a table by key (config tables are small: a few thousand rows at most). */
export async function loadLive(db: Db, tableId: string): Promise<Map<string, StoredRecord>> {
  const rows = await db.all<RecordRow>("SELECT * FROM config_records WHERE table_id = ? ORDER BY record_key", [tableId]);
  return new Map(rows.map((r) => [r.record_key, toStored(r)]));
}

export async function loadRecordRow(db: Db, tableId: string, key: string): Promise<RecordRow | undefined> {
  return db.get<RecordRow>(`SELECT ${RECORD_SELECT} FROM ${RECORD_FROM} WHERE r.table_id = ? AND r.record_key = ?`, [tableId, key]);
}

type SnapshotRow = { record_key: string; op: string; record_values: string | null; department_id: string | null };

/** The records at version v: per key, the newest snapshot at or below v, unless it was a removal. */
export async function loadStateAt(db: Db, tableId: string, version: number): Promise<Map<string, { values: Record<string, unknown>; department_id: string | null }>> {
  const rows = await db.all<SnapshotRow>(
    `SELECT s.record_key, s.op, s.record_values, s.department_id FROM config_record_versions s
     WHERE s.table_id = ? AND s.version = (SELECT MAX(x.version) FROM config_record_versions x
       WHERE x.table_id = s.table_id AND x.record_key = s.record_key AND x.version <= ?)
     ORDER BY s.record_key`,
    [tableId, version],
  );
  const state = new Map<string, { values: Record<string, unknown>; department_id: string | null }>();
  for (const r of rows) if (r.op !== "removed" && r.record_values) state.set(r.record_key, { values: JSON.parse(r.record_values), department_id: r.department_id });
  return state;
}
