import type { Datasource, DatasourceHealth, DatasourceOptions, DatasourceType, UploadInfo } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";

/** A stored row: `url` is sealed (SecretBox); JSON columns as text. */
export type DatasourceRow = {
  id: string; name: string; type: DatasourceType; url: string | null; options: string; health: string | null; upload: string | null;
  created_by: string | null; created_at: string; updated_at: string;
};

const json = <T>(text: string | null): T | null => (text ? (JSON.parse(text) as T) : null);

/** The wire shape with the given (already masked) URL. */
export function toDatasource(row: DatasourceRow, url: string | null): Datasource {
  return {
    id: row.id, name: row.name, type: row.type, url, options: json<DatasourceOptions>(row.options) ?? {},
    health: json<DatasourceHealth>(row.health), upload: json<UploadInfo>(row.upload), created_by: row.created_by,
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

export function datasourceRows(db: Db) {
  return {
    byId: (id: string) => db.get<DatasourceRow>("SELECT * FROM report_datasources WHERE id = ?", [id]),
    byName: (name: string) => db.get<DatasourceRow>("SELECT * FROM report_datasources WHERE name = ?", [name]),
    all: () => db.all<DatasourceRow>("SELECT * FROM report_datasources ORDER BY created_at DESC, id DESC"),
    insert: (r: DatasourceRow) =>
      db.run(
        "INSERT INTO report_datasources (id, name, type, url, options, health, upload, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [r.id, r.name, r.type, r.url, r.options, r.health, r.upload, r.created_by, r.created_at, r.updated_at],
      ),
    update: (r: DatasourceRow) =>
      db.run("UPDATE report_datasources SET name = ?, type = ?, url = ?, options = ?, updated_at = ? WHERE id = ?", [r.name, r.type, r.url, r.options, r.updated_at, r.id]),
    setHealth: (id: string, health: DatasourceHealth) => db.run("UPDATE report_datasources SET health = ? WHERE id = ?", [JSON.stringify(health), id]),
    remove: (id: string) => db.run("DELETE FROM report_datasources WHERE id = ?", [id]),
    /** datasets using it (report_datasets arrives with datasets/; absent table: none) */
    async datasetsUsing(id: string): Promise<number> {
      const exists = db.dialect === "postgres"
        ? await db.get<{ t: string | null }>("SELECT to_regclass('report_datasets')::text AS t")
        : await db.get<{ t: string | null }>("SELECT name AS t FROM sqlite_schema WHERE type = 'table' AND name = 'report_datasets'");
      if (!exists?.t) return 0;
      const row = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM report_datasets WHERE datasource_id = ?", [id]);
      return Number(row?.n ?? 0);
    },
  };
}
