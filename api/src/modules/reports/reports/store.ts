import type { Report } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";

/** A `reports` row as stored (JSON columns as text). */
export type ReportRow = {
  id: string; name: string; title: string; description: string; dataset_id: string; chart: string; controls: string; format: string;
  drill: string | null; cache_ttl_s: number | string; roles: string; owner_id: string | null; created_at: string; updated_at: string;
};

export type ReportDef = Omit<Report, "favourite">;

export function toReport(row: ReportRow): ReportDef {
  return {
    id: row.id, name: row.name, title: row.title, description: row.description, dataset_id: row.dataset_id,
    chart: JSON.parse(row.chart), controls: JSON.parse(row.controls), format: JSON.parse(row.format),
    drill: row.drill ? JSON.parse(row.drill) : null, cache_ttl_s: Number(row.cache_ttl_s), roles: JSON.parse(row.roles),
    owner_id: row.owner_id, created_at: row.created_at, updated_at: row.updated_at,
  };
}

/** The stored columns of a definition (everything but its id and timestamps). */
export function reportColumns(r: Omit<ReportDef, "id" | "created_at" | "updated_at">) {
  return {
    name: r.name, title: r.title, description: r.description, dataset_id: r.dataset_id, chart: JSON.stringify(r.chart),
    controls: JSON.stringify(r.controls), format: JSON.stringify(r.format), drill: r.drill ? JSON.stringify(r.drill) : null,
    cache_ttl_s: r.cache_ttl_s, roles: JSON.stringify(r.roles), owner_id: r.owner_id,
  };
}

/** By id, else by name (URLs and chat use names). */
export async function loadReport(db: Db, idOrName: string): Promise<ReportDef | null> {
  const row = await db.get<ReportRow>("SELECT * FROM reports WHERE id = ?", [idOrName])
    ?? await db.get<ReportRow>("SELECT * FROM reports WHERE name = ?", [idOrName]);
  return row ? toReport(row) : null;
}

export async function isFavourite(db: Db, userId: string | null, reportId: string): Promise<boolean> {
  if (!userId) return false;
  return !!(await db.get("SELECT report_id FROM report_favourites WHERE user_id = ? AND report_id = ?", [userId, reportId]));
}
