import type { ReportValueType } from "@ops/shared/contracts/reports.ts";

/** One cell as read from a file: XLSX keeps its native number, date and boolean cells; CSV gives text. */
export type Cell = string | number | boolean | Date | null;

/** A value as stored in the upload's table: dates and datetimes as ISO text (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`). */
export type StoredValue = string | number | boolean | null;

// Integers past 15 digits (ID numbers, long order numbers) lose digits as doubles: they stay text.
const MAX_NUMBER_DIGITS = 15;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const CURRENCY = /^([+-]?)[¥￥$]\s*/;
const DATE = /^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/;
const DATETIME = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const TRUE_WORDS = new Set(["是", "true", "yes"]);
const FALSE_WORDS = new Set(["否", "false", "no"]);

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `12,345.6`, `¥1,200`, `-3.5%` (→ -0.035, the value a percent cell holds), `1.2E+5`; codes with leading zeros stay text. */
export function parseNumber(text: string): number | null {
  let s = text.trim();
  const currency = CURRENCY.exec(s);
  if (currency) s = currency[1] + s.slice(currency[0].length);
  let scale = 1;
  if (s.endsWith("%")) {
    s = s.slice(0, -1).trimEnd();
    scale = 100;
  }
  if (GROUPED_NUMBER.test(s)) s = s.replace(/,/g, "");
  else if (!PLAIN_NUMBER.test(s)) return null;
  const digits = s.replace(/^[+-]/, "");
  if (/^0\d/.test(digits)) return null;
  if (digits.replace(/[.eE].*$/, "").length > MAX_NUMBER_DIGITS) return null;
  const n = Number(s) / scale;
  return Number.isFinite(n) ? n : null;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `2024-01-05`, `2024/1/5`, `2024.1.5`, `2024年1月5日` → `2024-01-05`. */
export function parseDate(text: string): string | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2] ?? m[4]), d = Number(m[3] ?? m[5]);
  return validDate(y, mo, d) ? `${m[1]}-${pad(mo)}-${pad(d)}` : null;
}

/** `2024-01-05 10:30`, `2024/1/5 10:30:15`, ISO with `T` and a zone (converted to UTC) → `2024-01-05 10:30:00`. */
export function parseDateTime(text: string): string | null {
  const m = DATETIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as [number, number, number, number, number, number];
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return null;
  const zone = m[7];
  if (!zone) return `${m[1]}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(sec)}`;
  const offset = zone.toUpperCase() === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return formatUtc(new Date(Date.UTC(y, mo - 1, d, h, mi, sec) - offset * 60_000));
}

export function parseBoolean(text: string): boolean | null {
  const s = text.trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return null;
}

// Spreadsheet dates carry no zone: the library reads the wall-clock time as UTC, so the UTC fields are the sheet's.
function formatUtc(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
const hasTime = (d: Date) => d.getUTCHours() !== 0 || d.getUTCMinutes() !== 0 || d.getUTCSeconds() !== 0;

/** Empty text counts as no value. */
export function isEmpty(cell: Cell): boolean {
  return cell === null || (typeof cell === "string" && cell.trim() === "");
}

/** What one column's values could all be; narrowed cell by cell. */
export class TypeGuess {
  private number = true;
  private date = true;
  private datetime = true;
  private boolean = true;
  private seen = false;

  add(cell: Cell): void {
    if (cell === null || isEmpty(cell)) return;
    this.seen = true;
    if (typeof cell === "number") {
      this.date = this.datetime = this.boolean = false;
    } else if (typeof cell === "boolean") {
      this.number = this.date = this.datetime = false;
    } else if (cell instanceof Date) {
      this.number = this.boolean = false;
      if (hasTime(cell)) this.date = false;
    } else {
      if (this.boolean && parseBoolean(cell) === null) this.boolean = false;
      if (this.number && parseNumber(cell) === null) this.number = false;
      if (this.date || this.datetime) {
        // a datetime column may hold plain dates (midnight)
        const day = parseDate(cell) !== null;
        if (!day) this.date = false;
        if (!day && this.datetime && parseDateTime(cell) === null) this.datetime = false;
      }
    }
  }

  /** Whether any value was seen: an all-empty column fits any existing type on append. */
  get hasValues(): boolean {
    return this.seen;
  }

  get type(): ReportValueType {
    if (!this.seen) return "string";
    if (this.boolean) return "boolean";
    if (this.number) return "number";
    if (this.date) return "date";
    if (this.datetime) return "datetime";
    return "string";
  }
}

/** The text of a cell in a string column (a number cell as written, a date cell as ISO). */
export function cellText(cell: Exclude<Cell, null>): string {
  if (cell instanceof Date) return hasTime(cell) ? formatUtc(cell) : formatUtc(cell).slice(0, 10);
  return typeof cell === "string" ? cell.trim() : String(cell);
}

/**
 * A cell converted to its column's type. Every cell of the column was checked by TypeGuess (or, appending, is
 * checked here): a value that does not convert returns undefined.
 */
export function convert(cell: Cell, type: ReportValueType): StoredValue | undefined {
  if (isEmpty(cell)) return null;
  const c = cell as Exclude<Cell, null>;
  switch (type) {
    case "string":
      return cellText(c);
    case "number":
      if (typeof c === "number") return c;
      return typeof c === "string" ? (parseNumber(c) ?? undefined) : undefined;
    case "boolean":
      if (typeof c === "boolean") return c;
      return typeof c === "string" ? (parseBoolean(c) ?? undefined) : undefined;
    case "date":
      if (c instanceof Date) return hasTime(c) ? undefined : formatUtc(c).slice(0, 10);
      return typeof c === "string" ? (parseDate(c) ?? undefined) : undefined;
    case "datetime": {
      if (c instanceof Date) return formatUtc(c);
      if (typeof c !== "string") return undefined;
      const day = parseDate(c);
      return day ? `${day} 00:00:00` : (parseDateTime(c) ?? undefined);
    }
  }
}
