import type { Cell } from "./infer.ts";

/** Upload files hold at most this many data rows. */
export const MAX_ROWS = 1_000_000;

/** One data row with its row number in the file (what an error names). */
export type RawRow = { line: number; cells: Cell[] };

/** A file read into its header labels (merged header rows already joined) and its data rows. */
export type RawTable = {
  labels: string[];
  headerRows: number;
  rows: RawRow[];
  /** a workbook's sheet names (the PWA offers them to choose from) */
  sheets?: string[];
};
