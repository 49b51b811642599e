import { parse, type InfoRecord, type Options } from "csv-parse/sync";
import { groupedHeaderDepth, headerLabels, MAX_HEADER_ROWS } from "./header.ts";
import { MAX_ROWS, type RawRow, type RawTable } from "./raw-table.ts";
import { noHeader, notATable, tooManyRows, unreadable } from "./uploads.errors.ts";

const DELIMITERS = [",", "\t", ";"] as const;
// Enough lines to tell the delimiter apart; the sample ends at a line break.
const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_LINES = 50;

/**
 * The file's text: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else GB18030, the
 * superset of GBK that Chinese Excel writes its CSV in.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes.includes(0)) throw notATable();
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/** Comma, tab or semicolon: the one that splits the first lines into the same number (> 1) of fields most often. */
export function detectDelimiter(text: string): string {
  let sample = text.slice(0, SAMPLE_CHARS);
  if (sample.length < text.length) sample = sample.slice(0, Math.max(sample.lastIndexOf("\n"), 1));
  let best: { delimiter: string; score: number; width: number } = { delimiter: ",", score: 0, width: 1 };
  for (const delimiter of DELIMITERS) {
    let records: string[][];
    try {
      records = parse(sample, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to_line: SAMPLE_LINES });
    } catch {
      continue;
    }
    const width = records[0]?.length ?? 0;
    if (width < 2) continue;
    const score = records.filter((r) => r.length === width).length / records.length;
    if (score > best.score || (score === best.score && width > best.width)) best = { delimiter, score, width };
  }
  return best.delimiter;
}

/** A CSV (or tab/semicolon separated) file: one header row, then the data rows numbered by their line in the file. */
export function readCsv(bytes: Uint8Array, maxRows = MAX_ROWS): RawTable {
  const text = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  let records: RawRow[];
  try {
    const options = {
      delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true,
      // one row past the limit tells a file that is too long without reading all of it
      to: maxRows + MAX_HEADER_ROWS + 1,
      // each record keeps its line in the file, which errors name (the typings allow only arrays back)
      on_record: (cells: string[], context: InfoRecord): RawRow => ({ line: context.lines, cells }),
    };
    records = parse(text, options as unknown as Options) as unknown as RawRow[];
  } catch (e) {
    const line = (e as { lines?: unknown }).lines;
    throw unreadable(e instanceof Error ? e.message : String(e), typeof line === "number" ? line : undefined);
  }
  const first = records.findIndex((r) => r.cells.some((c) => typeof c === "string" && c.trim() !== ""));
  if (first < 0) throw noHeader();
  // a sheet with merged header cells exports its groups as "销售,," over ",金额,订单数"
  const head = records.slice(first, first + MAX_HEADER_ROWS + 1).map((r) => r.cells);
  const depth = groupedHeaderDepth(head);
  const width = Math.max(...head.slice(0, depth).map((r) => r.length));
  const rows = records.slice(first + depth);
  if (rows.length > maxRows) throw tooManyRows(maxRows, rows[maxRows]!.line);
  return { labels: headerLabels(head.slice(0, depth), width), headerRows: depth, rows };
}
