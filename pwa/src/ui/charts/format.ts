import type { ColumnFormat } from "@ops/shared/contracts/reports.ts";

/**
 * Cell and KPI values as the report's `format` asks: thousands separators, percent (the value is a
 * ratio: 0.125 → 12.5%), currency, decimals; thresholds pick a colour. Intl does the locale work.
 */
export function formatValue(value: unknown, fmt: ColumnFormat | undefined, locale: string): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : null;
  if (n === null || !fmt || fmt.kind === "text") return n === null ? String(value) : plain(n, fmt, locale);
  const digits = fmt.decimals;
  const grouping = fmt.thousands !== false;
  if (fmt.kind === "percent")
    return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: digits ?? 0, maximumFractionDigits: digits ?? 1, useGrouping: grouping }).format(n);
  if (fmt.kind === "currency")
    return new Intl.NumberFormat(locale, { style: "currency", currency: fmt.currency ?? "CNY", minimumFractionDigits: digits ?? 2, maximumFractionDigits: digits ?? 2, useGrouping: grouping }).format(n);
  return plain(n, fmt, locale);
}

function plain(n: number, fmt: ColumnFormat | undefined, locale: string): string {
  const digits = fmt?.decimals;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits ?? 0,
    maximumFractionDigits: digits ?? 2,
    useGrouping: fmt ? fmt.thousands !== false : true,
  }).format(n);
}

/** The colour of the first threshold the value meets, if any. */
export function thresholdColor(value: unknown, fmt: ColumnFormat | undefined): string | undefined {
  const n = Number(value);
  if (!fmt?.thresholds?.length || value === null || value === "" || Number.isNaN(n)) return undefined;
  for (const t of fmt.thresholds) {
    const hit = t.op === "gt" ? n > t.value : t.op === "gte" ? n >= t.value : t.op === "lt" ? n < t.value : n <= t.value;
    if (hit) return t.color;
  }
  return undefined;
}

/**
 * Whether a change reads as good or bad in colour: Chinese markets paint a rise red and a fall green
 * (`red_up`, the default for zh-CN); `green_up` is the Western reading (the default for en).
 */
export function deltaTone(delta: number | null | undefined, trend: ColumnFormat["trend"], locale: string): "up-red" | "up-green" | "down-red" | "down-green" | "flat" {
  if (delta === null || delta === undefined || delta === 0 || Number.isNaN(delta)) return "flat";
  const redUp = (trend ?? (locale.startsWith("zh") ? "red_up" : "green_up")) === "red_up";
  if (delta > 0) return redUp ? "up-red" : "up-green";
  return redUp ? "down-green" : "down-red";
}

export function formatDelta(delta: number | null | undefined, locale: string): string {
  if (delta === null || delta === undefined || Number.isNaN(delta)) return "—";
  const sign = delta > 0 ? "▲ " : delta < 0 ? "▼ " : "";
  return sign + new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(Math.abs(delta) / 100);
}
