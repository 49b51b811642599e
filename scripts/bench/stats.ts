/** Pure figures for the benches: percentiles, summaries, ranges over rounds, fixed-width cells. */

/** Nearest-rank percentile of an ascending list (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export type Summary = { n: number; p50: number; p99: number; max: number };

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/** "low–high" of the finite values (one value: itself; none: "n/a"). */
export function range(values: readonly number[], digits = 0): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "n/a";
  const low = Math.min(...finite).toFixed(digits);
  const high = Math.max(...finite).toFixed(digits);
  return low === high ? low : `${low}–${high}`;
}

/** A number right-aligned in `width` ("n/a" for NaN). */
export function cell(value: number, digits: number, width: number): string {
  return (Number.isFinite(value) ? value.toFixed(digits) : "n/a").padStart(width);
}

/** Milliseconds of an instant the store returned (ISO text, or a Date from PostgreSQL). */
export function instantMs(value: string | Date | null | undefined): number {
  if (value === null || value === undefined) return Number.NaN;
  return value instanceof Date ? value.getTime() : Date.parse(value);
}
