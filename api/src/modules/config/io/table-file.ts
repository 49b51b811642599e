import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type * as ExcelJS from "exceljs";
import { AppError } from "@ops/shared";

/** A sheet read from a file: the header row and the data rows, every cell as text. */
export type Sheet = { header: string[]; rows: string[][] };

const unreadable = (problem: string) => new AppError("config.import_format", { status: 400, params: { problem }, errors: [{ field: "file", message: "config.import_format", params: { problem } }] });

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, v.getUTCHours() || v.getUTCMinutes() || v.getUTCSeconds() ? 24 : 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v) return String(v.text);
    if ("result" in v) return v.result === undefined || v.result === null ? "" : String(v.result);
    return JSON.stringify(v);
  }
  return String(v);
}

/** CSV (UTF-8, BOM tolerated) or XLSX (the first worksheet), by the file's first bytes. */
export async function readSheet(bytes: Uint8Array): Promise<Sheet> {
  const xlsx = bytes[0] === 0x50 && bytes[1] === 0x4b;
  let table: string[][];
  if (xlsx) {
    const { Workbook } = (await import("exceljs")).default; // loaded on the first xlsx, not at start
    const wb = new Workbook();
    try {
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch (e) {
      throw unreadable(e instanceof Error ? e.message : String(e));
    }
    const ws = wb.worksheets[0];
    if (!ws) throw unreadable("no worksheet");
    table = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let i = 1; i <= ws.columnCount; i++) cells.push(cellText(row.getCell(i).value));
      table.push(cells);
    });
  } else {
    try {
      table = parse(Buffer.from(bytes).toString("utf8"), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
    } catch (e) {
      throw unreadable(e instanceof Error ? e.message : String(e));
    }
  }
  const [header = [], ...rows] = table;
  return { header: header.map((h) => h.trim()), rows: rows.filter((r) => r.some((c) => c.trim() !== "")) };
}

export function csvOf(header: string[], rows: string[][]): string {
  // BOM: spreadsheet programs then read the UTF-8 Chinese correctly
  return `\uFEFF${stringify([header, ...rows])}`;
}

export async function xlsxOf(sheetName: string, header: string[], rows: string[][]): Promise<Uint8Array> {
  const { Workbook } = (await import("exceljs")).default;
  const wb = new Workbook();
  const ws = wb.addWorksheet(sheetName.slice(0, 31) || "config");
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
