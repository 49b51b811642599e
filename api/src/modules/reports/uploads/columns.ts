import type { UploadColumn } from "@ops/shared/contracts/reports.ts";
import { convert, isEmpty, TypeGuess, type StoredValue } from "./infer.ts";
import type { RawRow, RawTable } from "./raw-table.ts";
import { noHeader, rowTooWide } from "./uploads.errors.ts";

const MAX_NAME = 60;
// Words SQL reserves in PostgreSQL or SQLite: a column named so would need quoting in every hand-written query.
const RESERVED = new Set([
  "all", "and", "any", "as", "asc", "between", "by", "case", "cast", "check", "column", "create", "default", "delete", "desc", "distinct",
  "do", "drop", "else", "end", "except", "exists", "false", "for", "foreign", "from", "full", "group", "having", "in", "index", "inner",
  "insert", "intersect", "into", "is", "join", "key", "left", "like", "limit", "not", "null", "offset", "on", "or", "order", "outer",
  "primary", "references", "right", "select", "set", "table", "then", "to", "true", "union", "unique", "update", "user", "using",
  "values", "when", "where", "with",
]);

/**
 * Safe column names: an ASCII header becomes its slug (`Order Date` → `order_date`), any other header `c<position>`
 * (no transliteration); names are unique. The header itself stays the column's label.
 */
export function columnNames(labels: string[]): string[] {
  const taken = new Set<string>();
  return labels.map((label, i) => {
    let base = `c${i + 1}`;
    if (/^[\x20-\x7e]+$/.test(label)) {
      const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, MAX_NAME);
      if (slug) base = /^\d/.test(slug) ? `c_${slug}` : RESERVED.has(slug) ? `${slug}_` : slug;
    }
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  });
}

/** Columns run to the last labelled header cell; a data row with a value past it is refused, naming its row. */
function widthOf(raw: RawTable): number {
  let width = raw.labels.length;
  while (width > 0 && !raw.labels[width - 1]) width--;
  if (width === 0) throw noHeader();
  for (const row of raw.rows) {
    for (let c = row.cells.length - 1; c >= width; c--) {
      if (!isEmpty(row.cells[c] ?? null)) throw rowTooWide(row.line, c + 1, width);
    }
  }
  return width;
}

export type DescribedTable = { columns: UploadColumn[]; guesses: TypeGuess[]; rows: RawRow[]; headerRows: number; sheets?: string[] };

/** The table's columns with their types inferred over every data row (rows with no value at all are dropped). */
export function describeColumns(raw: RawTable): DescribedTable {
  const width = widthOf(raw);
  const labels = raw.labels.slice(0, width);
  const names = columnNames(labels);
  const guesses = labels.map(() => new TypeGuess());
  const rows: RawRow[] = [];
  for (const row of raw.rows) {
    let any = false;
    for (let c = 0; c < width; c++) {
      const cell = row.cells[c] ?? null;
      if (isEmpty(cell)) continue;
      any = true;
      guesses[c]!.add(cell);
    }
    if (any) rows.push(row);
  }
  const columns = names.map((name, c) => ({ name, label: labels[c] || name, type: guesses[c]!.type }));
  return { columns, guesses, rows, headerRows: raw.headerRows, ...(raw.sheets ? { sheets: raw.sheets } : {}) };
}

/**
 * One row's values in the order of `columns`, each converted to its column's type; `positions[i]` is where column
 * i sits in the file (appending matches by name). Returns the first column that did not convert, if any.
 */
export function rowValues(row: RawRow, columns: UploadColumn[], positions: number[]): StoredValue[] | { bad: number } {
  const out: StoredValue[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const p = positions[i]!;
    const v = p < 0 ? null : convert(row.cells[p] ?? null, columns[i]!.type);
    if (v === undefined) return { bad: i };
    out[i] = v;
  }
  return out;
}
