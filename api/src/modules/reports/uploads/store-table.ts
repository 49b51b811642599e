import type { ReportValueType, UploadColumn } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";
import { quoteIdent } from "../dialect.ts";
import { rowValues, type DescribedTable } from "./columns.ts";
import type { StoredValue } from "./infer.ts";
import { unreadable } from "./uploads.errors.ts";

/** Rows per multi-row INSERT; fewer for wide tables so one statement stays under both engines' bound-value limits. */
const BATCH_ROWS = 500;
const MAX_BOUND_VALUES = 30_000;

/** Types both engines accept: SQLite gives them REAL/NUMERIC affinity, PostgreSQL real date, timestamp and boolean types. */
const SQL_TYPES: Record<ReportValueType, string> = {
  string: "TEXT", number: "DOUBLE PRECISION", date: "DATE", datetime: "TIMESTAMP", boolean: "BOOLEAN",
};

/** The local table of an upload datasource (`rpt_` tables are what report queries on the built-in store may read). */
export function uploadTable(datasourceId: string): string {
  return `rpt_up_${datasourceId.replace(/[^a-zA-Z0-9]/g, "").toLowerCase()}`;
}

export async function createTable(db: Db, table: string, columns: UploadColumn[]): Promise<void> {
  const q = (name: string) => quoteIdent(db.dialect, name);
  await db.run(`CREATE TABLE ${q(table)} (${columns.map((c) => `${q(c.name)} ${SQL_TYPES[c.type]}`).join(", ")})`);
}

export async function dropTable(db: Db, table: string): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS ${quoteIdent(db.dialect, table)}`);
}

/**
 * Inserts the file's rows into `table` (whose columns are `columns`, matched to the file's by name) in multi-row
 * INSERTs. Run it inside the caller's transaction: a row that does not convert throws and nothing stays.
 */
export async function insertRows(db: Db, table: string, columns: UploadColumn[], file: DescribedTable): Promise<number> {
  const q = (name: string) => quoteIdent(db.dialect, name);
  const positions = columns.map((c) => file.columns.findIndex((f) => f.name === c.name));
  const perBatch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_BOUND_VALUES / columns.length)));
  const head = `INSERT INTO ${q(table)} (${columns.map((c) => q(c.name)).join(", ")}) VALUES `;
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  // PostgreSQL types a boolean parameter sent as 1/0 as an integer; as text it is read as the column's boolean.
  const bool = db.dialect === "postgres" ? (v: boolean) => String(v) : (v: boolean) => (v ? 1 : 0);
  const fullSql = head + Array(perBatch).fill(tuple).join(", ");
  let inserted = 0;
  for (let start = 0; start < file.rows.length; start += perBatch) {
    const batch = file.rows.slice(start, start + perBatch);
    const values: unknown[] = [];
    for (const row of batch) {
      const out = rowValues(row, columns, positions);
      if (!Array.isArray(out)) throw badValue(row.line, columns[out.bad]!, row.cells[positions[out.bad]!]);
      for (const v of out) values.push(typeof v === "boolean" ? bool(v) : v);
    }
    await db.run(batch.length === perBatch ? fullSql : head + Array(batch.length).fill(tuple).join(", "), values);
    inserted += batch.length;
  }
  return inserted;
}

function badValue(line: number, column: UploadColumn, cell: unknown) {
  const shown: StoredValue = cell instanceof Date ? cell.toISOString() : (cell as StoredValue);
  return unreadable(`${column.label}: ${String(shown)} ≠ ${column.type}`, line);
}
