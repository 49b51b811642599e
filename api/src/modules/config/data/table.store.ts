import type { ConfigField, ConfigTable } from "@ops/shared/contracts/config.ts";
import type { Db } from "../../../platform/db/db.ts";

export type TableRow = {
  id: string; name: string; display_name: string; description: string; fields: string; key_field: string;
  read_roles: string; write_roles: string; needs_approval: number | string | boolean; approval_definition: string;
  owner_department_id: string | null; keep_history_days: number | string | null; subscribers: string;
  system: number | string | boolean; version: number | string; release: number | string | null;
  created_by: string; created_at: string; updated_at: string; deleted_at: string | null;
  /** the current full release (release/'s config_releases), read with TABLE_SELECT */
  full_release?: number | string | null;
};

/** A table row with its current full release number (release/ keeps releases by table name). */
export const TABLE_SELECT = "t.*, (SELECT r.number FROM config_releases r WHERE r.table_name = t.name AND r.status = 'full') AS full_release";

const flag = (v: number | string | boolean) => v === true || Number(v) === 1;
const num = (v: number | string | null) => (v === null || v === undefined ? null : Number(v));

export function toTable(r: TableRow): ConfigTable {
  return {
    id: r.id,
    name: r.name,
    display_name: r.display_name,
    description: r.description,
    fields: JSON.parse(r.fields) as ConfigField[],
    key_field: r.key_field,
    read_roles: JSON.parse(r.read_roles) as string[],
    write_roles: JSON.parse(r.write_roles) as string[],
    needs_approval: flag(r.needs_approval),
    approval_definition: r.approval_definition,
    owner_department_id: r.owner_department_id,
    keep_history_days: num(r.keep_history_days),
    subscribers: JSON.parse(r.subscribers) as string[],
    system: flag(r.system),
    version: Number(r.version),
    release: num(r.full_release ?? r.release),
    created_by: r.created_by,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** A live (not deleted) table by name. */
export async function loadTable(db: Db, name: string): Promise<ConfigTable | null> {
  const row = await db.get<TableRow>(`SELECT ${TABLE_SELECT} FROM config_tables t WHERE t.name = ? AND t.deleted_at IS NULL`, [name]);
  return row ? toTable(row) : null;
}

export async function loadTableById(db: Db, id: string): Promise<ConfigTable | null> {
  const row = await db.get<TableRow>(`SELECT ${TABLE_SELECT} FROM config_tables t WHERE t.id = ?`, [id]);
  return row ? toTable(row) : null;
}

/** The table's row as written (metadata only; version and release are kept by the data layer and release/). */
export function tableColumns(t: Omit<ConfigTable, "id" | "version" | "release" | "created_by" | "created_at" | "updated_at">) {
  return {
    name: t.name,
    display_name: t.display_name,
    description: t.description,
    fields: JSON.stringify(t.fields),
    key_field: t.key_field,
    read_roles: JSON.stringify(t.read_roles),
    write_roles: JSON.stringify(t.write_roles),
    needs_approval: t.needs_approval ? 1 : 0,
    approval_definition: t.approval_definition,
    owner_department_id: t.owner_department_id,
    keep_history_days: t.keep_history_days,
    subscribers: JSON.stringify(t.subscribers),
    system: t.system ? 1 : 0,
  };
}
