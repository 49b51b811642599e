import type * as ExcelJS from "exceljs";
import { parse as parseCsv } from "csv-parse/sync";
import { AppError } from "@ops/shared";
import { IMPORT_COLUMNS, REQUIRED_COLUMNS, columnOf, type ImportColumn } from "./users-io.columns.ts";

/** At most this many data rows per file: each new user costs a password hash. */
export const MAX_IMPORT_ROWS = 500;

export type ImportRow = { row: number; values: Record<ImportColumn, string> };
export type ParsedFile = { columns: ImportColumn[]; rows: ImportRow[] };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * An uploaded .xlsx (first sheet) or .csv → rows of cell text by column. The header row names the
 * columns in either language (or by key); row numbers are the spreadsheet's, so a report points
 * at the line a person sees. Blank rows are skipped. Refuses (400) a file it cannot read, without
 * the required columns, without rows or with too many.
 */
export async function parseImportFile(bytes: Uint8Array): Promise<ParsedFile> {
  const grid = ZIP_MAGIC.every((b, i) => bytes[i] === b) ? await readXlsx(bytes) : readCsv(bytes);
  const header = grid.find((r) => r.cells.some((c) => c !== ""));
  if (!header) throw new AppError("iam.import.empty_file", { status: 400, errors: [{ field: "file", message: "iam.import.empty_file" }] });
  const positions = new Map<ImportColumn, number>();
  header.cells.forEach((cell, i) => {
    const column = columnOf(cell);
    if (column && !positions.has(column)) positions.set(column, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !positions.has(c));
  if (missing.length) {
    throw new AppError("iam.import.missing_columns", {
      status: 400, errors: [{ field: "file", message: "iam.import.missing_columns" }], params: { columns: missing.join(", "), missing },
    });
  }
  const rows: ImportRow[] = [];
  for (const r of grid) {
    if (r.row <= header.row || r.cells.every((c) => c === "")) continue;
    const values = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, positions.has(c) ? (r.cells[positions.get(c)!] ?? "") : ""])) as Record<ImportColumn, string>;
    rows.push({ row: r.row, values });
  }
  if (rows.length === 0) throw new AppError("iam.import.empty_file", { status: 400, errors: [{ field: "file", message: "iam.import.empty_file" }] });
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError("iam.import.too_many_rows", {
      status: 400, errors: [{ field: "file", message: "iam.import.too_many_rows" }], params: { max: MAX_IMPORT_ROWS, count: rows.length },
    });
  }
  return { columns: [...positions.keys()], rows };
}

type GridRow = { row: number; cells: string[] };

const unreadable = (cause?: unknown) =>
  new AppError("iam.import.unreadable", { status: 400, errors: [{ field: "file", message: "iam.import.unreadable" }], cause });

async function readXlsx(bytes: Uint8Array): Promise<GridRow[]> {
  const { Workbook } = (await import("exceljs")).default; // loaded on the first xlsx, not at start
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    throw unreadable(e);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable();
  const out: GridRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell);
    });
    out.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? "") });
  });
  return out;
}

/** The text a person sees in the cell (hyperlinked e-mails, numbers typed as phone numbers, formula results). */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === "object" && "hyperlink" in v && typeof v.text === "string") return v.text.trim();
  try {
    return cell.text.trim();
  } catch {
    return String(v).trim();
  }
}

/** CSV in UTF-8 (with or without BOM), or GB18030 as Excel saves it on Chinese Windows. */
function readCsv(bytes: Uint8Array): GridRow[] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    try {
      text = new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    } catch (e) {
      throw unreadable(e);
    }
  }
  if (text.includes("\u0000")) throw unreadable();
  try {
    const records = parseCsv(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    return records.map(({ record, info }) => ({ row: info.lines, cells: record.map((c) => c.trim()) }));
  } catch (e) {
    throw unreadable(e);
  }
}
