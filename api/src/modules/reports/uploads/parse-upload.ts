import { describeColumns, type DescribedTable } from "./columns.ts";
import { readCsv } from "./read-csv.ts";
import { readXlsx } from "./read-xlsx.ts";
import { emptyFile, legacyXls } from "./uploads.errors.ts";

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
// The legacy .xls (and other OLE files) start with the compound-file signature.
const isOle = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/**
 * An uploaded file read into typed columns and rows, told apart by its first bytes (the name is not trusted):
 * XLSX (a zip), else delimited text. Everything wrong with it is a 400 naming `file` (and the row).
 */
export async function parseUpload(bytes: Uint8Array, options: { sheet?: string; maxRows?: number } = {}): Promise<DescribedTable> {
  if (bytes.byteLength === 0) throw emptyFile();
  if (isOle(bytes)) throw legacyXls();
  const raw = isZip(bytes) ? await readXlsx(bytes, options.sheet, options.maxRows) : readCsv(bytes, options.maxRows);
  return describeColumns(raw);
}
