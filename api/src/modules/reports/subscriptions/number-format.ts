import type { ColumnFormat } from "@ops/shared/contracts/reports.ts";

/** A number from a cell: numbers as they are, numeric text (drivers hand decimals over as text) as a number. */
export function numberOf(v: unknown): number | null {
  const x = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(x) ? x : null;
}

/**
 * A number as the report's column `format` asks (the PWA's rules: percent takes a ratio, 0.125 → 12.5%; currency
 * defaults to CNY with 2 decimals; thousands separators unless turned off), and without a format at most 2 decimals
 * with separators, so a float sum never shows as 536231.6900000001. Intl does the locale's symbols.
 */
export function formatNumber(n: number, fmt: ColumnFormat | undefined, locale: string): string {
  const grouping = fmt?.thousands !== false;
  const digits = fmt?.decimals;
  if (fmt?.kind === "percent")
    return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: digits ?? 0, maximumFractionDigits: digits ?? 1, useGrouping: grouping }).format(n);
  if (fmt?.kind === "currency")
    return new Intl.NumberFormat(locale, { style: "currency", currency: fmt.currency ?? "CNY", minimumFractionDigits: digits ?? 2, maximumFractionDigits: digits ?? 2, useGrouping: grouping }).format(n);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits ?? 0, maximumFractionDigits: digits ?? 2, useGrouping: grouping }).format(n);
}

/** A cell for text: numbers formatted (text-kind columns as they are), empty for null, objects as JSON. */
export function formatCell(v: unknown, fmt: ColumnFormat | undefined, locale: string, numeric: boolean): string {
  if (v === null || v === undefined) return "";
  const n = numeric && fmt?.kind !== "text" ? numberOf(v) : null;
  if (n !== null) return formatNumber(n, fmt, locale);
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
