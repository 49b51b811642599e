import type * as ExcelJS from "exceljs";
import { groupedHeaderDepth, headerLabels, MAX_HEADER_ROWS } from "./header.ts";
import { isEmpty, type Cell } from "./infer.ts";
import { MAX_ROWS, type RawRow, type RawTable } from "./raw-table.ts";
import { noHeader, sheetNotFound, tooManyRows, unreadable } from "./uploads.errors.ts";

/** A cell's value as a plain Cell: rich text joined, hyperlinks as their text, formulas as their result, errors empty. */
function plain(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("error" in v) return null;
  if ("result" in v) return plain(v.result as ExcelJS.CellValue);
  if ("formula" in v || "sharedFormula" in v) return null;
  if ("text" in v) return typeof v.text === "string" ? v.text : plain(v.text as ExcelJS.CellValue);
  return null;
}

/** `B1:C2` → its rows and columns (1-based). */
function rangeOf(ref: string): { top: number; bottom: number; left: number; right: number } | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref.replace(/\$/g, "").toUpperCase());
  if (!m) return null;
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { top: Number(m[2]), bottom: Number(m[4]), left: col(m[1]!), right: col(m[3]!) };
}

/**
 * How many rows the header takes, from its first row: the rows its merged cells reach (a cell merged across columns
 * is a group over the row below it; one merged down spans rows), or the rows of unmerged groups (header.ts).
 */
export function headerDepth(rows: RawRow[], merges: string[]): number {
  const start = rows[0]!.line;
  let depth = 1;
  for (const ref of merges) {
    const r = rangeOf(ref);
    if (!r || r.top < start || r.top >= start + MAX_HEADER_ROWS) continue;
    const reach = r.right > r.left ? r.bottom + 1 : r.bottom;
    depth = Math.max(depth, reach - start + 1);
  }
  depth = Math.max(depth, groupedHeaderDepth(rows.slice(0, MAX_HEADER_ROWS + 1).map((r) => r.cells)));
  return Math.min(depth, MAX_HEADER_ROWS, rows.length);
}

async function worksheetOf(bytes: Uint8Array, sheet: string | undefined): Promise<{ ws: ExcelJS.Worksheet; sheets: string[] }> {
  const { Workbook } = (await import("exceljs")).default; // loaded on the first xlsx, not at start
  const wb = new Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable(e instanceof Error ? e.message : String(e));
  }
  const sheets = wb.worksheets.map((ws) => ws.name);
  if (!sheet) {
    const first = wb.worksheets[0];
    if (!first) throw noHeader();
    return { ws: first, sheets };
  }
  const byName = wb.worksheets.find((ws) => ws.name === sheet);
  const byIndex = /^\d+$/.test(sheet) ? wb.worksheets[Number(sheet) - 1] : undefined;
  const ws = byName ?? byIndex;
  if (!ws) throw sheetNotFound(sheet);
  return { ws, sheets };
}

/**
 * A title above the table ("2024 年销售报表", often merged across it, so every cell of the merge reads as it): one text
 * alone in the first row, a row of several values next.
 */
function isTitle(rows: RawRow[]): boolean {
  if (rows.length < 2) return false;
  const values = (row: RawRow) => new Set(row.cells.filter((c) => !isEmpty(c)).map((c) => (c instanceof Date ? c.getTime() : c)));
  const first = [...values(rows[0]!)];
  return first.length === 1 && typeof first[0] === "string" && values(rows[1]!).size > 1;
}

/**
 * An XLSX workbook's sheet (the first unless `sheet` names one by name or 1-based position). Merged cells read as
 * their master's value, so a merged header becomes "group/column" labels and a region merged down data rows fills
 * each of them.
 */
export async function readXlsx(bytes: Uint8Array, sheet?: string, maxRows = MAX_ROWS): Promise<RawTable> {
  const { ws, sheets } = await worksheetOf(bytes, sheet);
  const width = ws.columnCount;
  const rows: RawRow[] = [];
  let tooLong = 0;
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    if (tooLong) return;
    const cells: Cell[] = new Array(width);
    for (let c = 1; c <= width; c++) cells[c - 1] = plain(row.getCell(c).value);
    if (cells.every(isEmpty)) return;
    rows.push({ line, cells });
    // the header takes at most MAX_HEADER_ROWS of them
    if (rows.length > maxRows + MAX_HEADER_ROWS + 1) tooLong = line;
  });
  if (isTitle(rows)) rows.shift();
  if (rows.length === 0) throw noHeader();
  const depth = headerDepth(rows, ws.model.merges ?? []);
  const data = rows.slice(depth);
  if (data.length > maxRows) throw tooManyRows(maxRows, data[maxRows]!.line);
  return { labels: headerLabels(rows.slice(0, depth).map((r) => r.cells), width), headerRows: depth, rows: data, sheets };
}
