import type { Dataset } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";

export type DatasetRow = {
  id: string; name: string; description: string; datasource_id: string; mode: string; sql_text: string | null; builder: string | null;
  params: string; columns: string; row_filters: string; created_by: string | null; created_at: string; updated_at: string;
};

export function toDataset(r: DatasetRow): Dataset {
  return {
    id: r.id, name: r.name, description: r.description, datasource_id: r.datasource_id, mode: r.mode === "builder" ? "builder" : "sql",
    sql: r.sql_text, builder: r.builder ? JSON.parse(r.builder) : null, params: JSON.parse(r.params), columns: JSON.parse(r.columns),
    row_filters: JSON.parse(r.row_filters), created_by: r.created_by, created_at: r.created_at, updated_at: r.updated_at,
  };
}

/** The stored columns of a dataset (ids and times are the caller's). */
export function datasetColumns(d: Pick<Dataset, "name" | "description" | "datasource_id" | "mode" | "sql" | "builder" | "params" | "columns" | "row_filters">) {
  return {
    name: d.name, description: d.description, datasource_id: d.datasource_id, mode: d.mode, sql_text: d.mode === "sql" ? d.sql : null,
    builder: d.mode === "builder" && d.builder ? JSON.stringify(d.builder) : null, params: JSON.stringify(d.params),
    columns: JSON.stringify(d.columns), row_filters: JSON.stringify(d.row_filters),
  };
}

export async function loadDataset(db: Db, id: string): Promise<Dataset | null> {
  const row = await db.get<DatasetRow>("SELECT * FROM report_datasets WHERE id = ?", [id]);
  return row ? toDataset(row) : null;
}

/** The datasets reading a datasource (sources/ refuses to delete a datasource while any does). */
export async function datasetsUsingSource(db: Db, datasourceId: string): Promise<Array<{ id: string; name: string }>> {
  return db.all<{ id: string; name: string }>("SELECT id, name FROM report_datasets WHERE datasource_id = ? ORDER BY name", [datasourceId]);
}

/** The first report drawing the dataset or taking a control's options from it (a dataset in use is not deleted). */
export async function reportUsingDataset(db: Db, datasetId: string): Promise<{ id: string; name: string } | null> {
  const row = await db.get<{ id: string; name: string }>(
    "SELECT id, name FROM reports WHERE dataset_id = ? OR controls LIKE ? ORDER BY name",
    [datasetId, `%"dataset_id":"${datasetId.replace(/[\\%_"]/g, "")}"%`],
  );
  return row ?? null;
}
