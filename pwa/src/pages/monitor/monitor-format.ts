import type { MetricUnit } from "@ops/shared/contracts/monitor.ts";

/** Time ranges the board and the series page offer, in seconds. */
export const RANGES = { "1h": 3600, "6h": 6 * 3600, "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400 } as const;
export type RangeKey = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];
export const rangeKey = (v: string | undefined): RangeKey => (v && v in RANGES ? (v as RangeKey) : "1h");

/** Auto-refresh choices in seconds ("0": off). */
export const REFRESH_CHOICES = ["0", "30", "60"] as const;
export const refreshSeconds = (v: string | undefined): number => (v === "30" || v === "60" ? Number(v) : 0);

/** The window [now - range, now] as the API reads it. */
export function windowOf(range: RangeKey, now = new Date()): { from: string; to: string } {
  return { from: new Date(now.getTime() - RANGES[range] * 1000).toISOString(), to: now.toISOString() };
}

const num = (n: number, locale: string, digits = 1) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);

/** Sizes in binary units (RSS, store size). */
export function formatBytes(n: number, locale: string): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${num(v, locale, i === 0 ? 0 : 1)} ${units[i]}`;
}

/** A duration in milliseconds as the reader thinks of it: 850 ms, 2.4 s, 3.5 min. */
export function formatMs(ms: number, locale: string): string {
  if (Math.abs(ms) < 1000) return `${num(ms, locale, ms < 10 ? 2 : 0)} ms`;
  if (Math.abs(ms) < 60_000) return `${num(ms / 1000, locale, 2)} s`;
  return `${num(ms / 60_000, locale, 1)} min`;
}

/**
 * A metric value with its unit. `percent` values are already percentages (12.5 → 12.5 %); `ratio` values are
 * fractions shown as percentages (0.125 → 12.5 %).
 */
export function formatMetric(value: number | null | undefined, unit: MetricUnit, locale: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  switch (unit) {
    case "percent": return `${num(value, locale, 2)} %`;
    case "ratio": return `${num(value * 100, locale, 2)} %`;
    case "seconds": return formatMs(value * 1000, locale);
    case "ms": return formatMs(value, locale);
    case "bytes": return formatBytes(value, locale);
    case "per_second": return `${num(value, locale, 2)}/s`;
    default: return num(value, locale, 2);
  }
}

/** Uptime: 3 d 4 h, 5 h 12 min, 42 s. */
export function formatUptime(s: number): string {
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${Math.floor(s % 60)} s`;
  return `${Math.floor(s)} s`;
}

export function formatTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(locale, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

/** `route=/api/v1/jobs, method=GET` (empty labels: the metric's single series). */
export const labelText = (labels: Record<string, string>): string =>
  Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(", ");
