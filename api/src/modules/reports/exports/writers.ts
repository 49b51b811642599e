import type { Writable } from "node:stream";
import type { ReportDataColumn } from "@ops/shared/contracts/reports.ts";
import { csvLines } from "./csv-text.ts";

export type TableFormat = "xlsx" | "csv";
export type RowBatch = (rows: Array<Record<string, unknown>>, columns: ReportDataColumn[]) => Promise<void>;
/** Runs the report's rows through `onBatch` (ReportReader.stream bound to a viewer, report and parameters). */
export type RowSource = (onBatch: RowBatch) => Promise<{ rows: number; columns: ReportDataColumn[] }>;

export const CONTENT_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  png: "image/png",
  pdf: "application/pdf",
} as const;

const BOM = "\uFEFF";

/** A cell value: numbers stay numbers (Bun SQL hands numeric/int8 over as strings), the rest as text. */
function cellOf(value: unknown, column: ReportDataColumn): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (column.type === "number" && !column.masked) {
    const n = typeof value === "number" ? value : Number(value);
    if (Number.isFinite(n)) return n;
  }
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Writes with backpressure: waits for `drain` when the reader is slower than the query (or for the end of a closed one). */
async function write(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (out.destroyed) throw new Error("export stream closed");
  if (out.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const settle = () => {
      out.off("drain", settle);
      out.off("close", settle);
      resolve();
    };
    out.once("drain", settle);
    out.once("close", settle);
  });
}

/**
 * Streams the rows into `out` as xlsx or CSV without holding them: the watermark ("导出人 … 导出时间 …") is the first
 * row, the column labels the second. CSV is UTF-8 with a BOM (Excel opens Chinese right) and is written one batch at a
 * time (per-row writes are very slow under Bun); xlsx goes through exceljs' streaming writer without shared strings or
 * styles (half the time and memory). `onRows` hears the running count after each batch (job progress).
 */
export async function writeTable(
  format: TableFormat, out: Writable, source: RowSource, o: { watermark: string; sheetName?: string; onRows?: (rows: number) => Promise<void> | void },
): Promise<{ rows: number; columns: ReportDataColumn[] }> {
  let header: ReportDataColumn[] | null = null;
  let count = 0;
  if (format === "csv") {
    const writeHeader = async (columns: ReportDataColumn[]) => {
      header = columns;
      await write(out, BOM + csvLines([[o.watermark], columns.map((c) => c.label || c.name)]));
    };
    const result = await source(async (rows, columns) => {
      if (!header) await writeHeader(columns);
      const cols = header!;
      if (rows.length) await write(out, csvLines(rows.map((r) => cols.map((c) => cellOf(r[c.name], c)))));
      count += rows.length;
      await o.onRows?.(count);
    });
    if (!header) await writeHeader(result.columns);
    out.end();
    return result;
  }
  // deflate level 2 instead of archiver's 6: ~20 % less time for ~25 % more bytes (100k rows: 4.6 MB, not 3.7 MB)
  const { stream } = (await import("exceljs")).default; // loaded on the first xlsx, not at start
  const workbook = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false, zip: { zlib: { level: 2 } } });
  const sheet = workbook.addWorksheet((o.sheetName ?? "").replace(/[[\]:*?/\\]/g, " ").trim().slice(0, 31) || "Sheet1");
  const writeHeader = (columns: ReportDataColumn[]) => {
    header = columns;
    sheet.addRow([o.watermark]).commit();
    sheet.addRow(columns.map((c) => c.label || c.name)).commit();
  };
  const result = await source(async (rows, columns) => {
    if (!header) writeHeader(columns);
    const cols = header!;
    for (const r of rows) sheet.addRow(cols.map((c) => cellOf(r[c.name], c))).commit();
    count += rows.length;
    await o.onRows?.(count);
  });
  if (!header) writeHeader(result.columns);
  sheet.commit();
  await workbook.commit();
  return result;
}
