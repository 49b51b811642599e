import { cellText, isEmpty, parseBoolean, parseDate, parseDateTime, parseNumber, type Cell } from "./infer.ts";

/** Header rows at most (a group row, a sub-group row, the column row). */
export const MAX_HEADER_ROWS = 3;

/** A row that reads like data: some cell is a number, date or boolean (a native one, or text that parses as one). */
export function looksLikeData(cells: Cell[]): boolean {
  return cells.some((c) => {
    if (isEmpty(c)) return false;
    if (typeof c !== "string") return true;
    return parseNumber(c) !== null || parseDate(c) !== null || parseDateTime(c) !== null || parseBoolean(c) !== null;
  });
}

/** Whether cell `c` of an upper header row is a blank right of a label (a group's span, as merged cells export). */
function blankInGroup(row: Cell[], c: number): boolean {
  if (!isEmpty(row[c] ?? null)) return false;
  for (let left = c - 1; left >= 0; left--) if (!isEmpty(row[left] ?? null)) return true;
  return false;
}

/**
 * The header rows of a table without merge information (CSV, or a sheet whose groups were not merged): the rows
 * before the first data-looking row (at most MAX_HEADER_ROWS), but only when an upper row groups the lower ones (a
 * blank right of a label with a label below it: "销售,," over ",金额,订单数"); otherwise the first row alone, so an
 * all-text table keeps its second row as data.
 */
export function groupedHeaderDepth(rows: Cell[][]): number {
  const k = rows.slice(1, MAX_HEADER_ROWS + 1).findIndex(looksLikeData);
  if (k <= 0) return 1;
  const depth = k + 1;
  for (let r = 0; r < depth - 1; r++) {
    const row = rows[r]!;
    const width = Math.max(...rows.slice(r, depth).map((x) => x.length));
    for (let c = 0; c < width; c++) {
      if (blankInGroup(row, c) && rows.slice(r + 1, depth).some((below) => !isEmpty(below[c] ?? null))) return depth;
    }
  }
  return 1;
}

/**
 * Labels from the header rows: each column's parts top-down, a repeated part once ("销售/金额", "区域"). A blank of an
 * upper row inside a group (a label to its left, a label below it) takes the group's label, as a merged cell would.
 */
export function headerLabels(headerRows: Cell[][], width: number): string[] {
  const text = (cell: Cell | undefined) => (cell === undefined || isEmpty(cell) ? "" : cellText(cell as Exclude<Cell, null>).replace(/\s+/g, " "));
  const filled = headerRows.map((row, r) => {
    const out: string[] = [];
    for (let c = 0; c < width; c++) {
      const own = text(row[c]);
      const below = headerRows.slice(r + 1).some((x) => text(x[c]) !== "");
      out.push(own || (below && c > 0 ? out[c - 1]! : ""));
    }
    return out;
  });
  const labels: string[] = [];
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (const row of filled) if (row[c] && parts[parts.length - 1] !== row[c]) parts.push(row[c]!);
    labels.push(parts.join("/"));
  }
  return labels;
}
