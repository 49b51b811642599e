/**
 * Stored points and how they combine. One shape for every kind; the kind says which fields mean something:
 * counter: sum (= value, the increase) and count; gauge: value (mean), min, max, last, sum and count of samples;
 * histogram: count, sum, min, max and p50/p95/p99; ratio: num and den (value = num / den).
 *
 * Points combine in three ways, and only gauges tell them apart:
 * - "nodes": the same label set at the same instant from several processes (a gauge is their mean: each node sees
 *   the same queue, or the mean process);
 * - "labels": different label sets at the same instant merged into one line (a gauge is their sum: all queues);
 * - "time": successive instants (a gauge is the mean, `last` the latest).
 * Counters, ratios and histograms add up in every case (ratio = Σnum / Σden, never a mean of ratios). Histogram
 * percentiles of several points are approximated by the count-weighted mean of the points' percentiles: the raw
 * observations are not kept.
 */
import type { MetricKind, SeriesAgg } from "@ops/shared/contracts/monitor.ts";

export type Point = {
  /** interval start, ms since the epoch */
  t: number;
  value: number | null;
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  last: number | null;
  num: number | null;
  den: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
};

export type CombineMode = "nodes" | "labels" | "time";

const sumOf = (xs: Array<number | null>): number | null => {
  let s: number | null = null;
  for (const x of xs) if (x !== null) s = (s ?? 0) + x;
  return s;
};
const extreme = (xs: Array<number | null>, f: (a: number, b: number) => number): number | null => {
  let m: number | null = null;
  for (const x of xs) if (x !== null) m = m === null ? x : f(m, x);
  return m;
};
const meanOf = (xs: Array<number | null>): number | null => {
  const present = xs.filter((x): x is number => x !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
};
/** count-weighted mean of a percentile (an approximation: see above) */
const weighted = (points: Point[], key: "p50" | "p95" | "p99"): number | null => {
  let w = 0;
  let s = 0;
  for (const p of points) {
    const v = p[key];
    if (v === null || p.count <= 0) continue;
    w += p.count;
    s += v * p.count;
  }
  return w > 0 ? s / w : null;
};

/** The kind's natural value of a point whose other fields are set. */
export function naturalValue(kind: MetricKind, p: Omit<Point, "value">, gaugeValue: number | null): number | null {
  switch (kind) {
    case "counter": return p.sum ?? 0;
    case "gauge": return gaugeValue;
    case "histogram": return p.p95;
    case "ratio": return p.den !== null && p.den > 0 ? (p.num ?? 0) / p.den : null;
  }
}

/** Several points as one (at the first point's `t`; callers pass points sorted by time for "time"). */
export function combine(kind: MetricKind, points: Point[], mode: CombineMode): Point {
  if (points.length === 1) return points[0]!;
  const values = points.map((p) => p.value);
  const lasts = points.map((p) => p.last);
  const gauge = kind === "gauge";
  const base = {
    t: points[0]!.t,
    count: points.reduce((a, p) => a + p.count, 0),
    sum: sumOf(points.map((p) => p.sum)),
    min: gauge && mode === "labels" ? sumOf(points.map((p) => p.min)) : extreme(points.map((p) => p.min), Math.min),
    max: gauge && mode === "labels" ? sumOf(points.map((p) => p.max)) : extreme(points.map((p) => p.max), Math.max),
    last: !gauge ? sumOf(lasts) : mode === "labels" ? sumOf(lasts) : mode === "nodes" ? meanOf(lasts) : (lasts.findLast((x) => x !== null) ?? null),
    num: sumOf(points.map((p) => p.num)),
    den: sumOf(points.map((p) => p.den)),
    p50: weighted(points, "p50"),
    p95: weighted(points, "p95"),
    p99: weighted(points, "p99"),
  };
  const gaugeValue = mode === "labels" ? sumOf(values) : meanOf(values);
  return { ...base, value: naturalValue(kind, base, gaugeValue) };
}

/** One number of a (combined) point for an aggregation; null where the kind has no such number. */
export function pick(kind: MetricKind, p: Point, agg: SeriesAgg): number | null {
  switch (agg) {
    case "value": return p.value;
    case "avg":
      if (kind === "ratio") return p.value;
      if (kind === "gauge") return p.value;
      return p.count > 0 && p.sum !== null ? p.sum / p.count : null;
    case "min": return kind === "ratio" ? p.value : p.min;
    case "max": return kind === "ratio" ? p.value : p.max;
    case "sum": return kind === "ratio" ? p.num : p.sum;
    case "last": return kind === "gauge" ? p.last : p.value;
    case "p50": case "p95": case "p99": return kind === "histogram" ? p[agg] : null;
    case "count": return kind === "ratio" ? p.den : kind === "counter" ? (p.sum ?? 0) : p.count;
  }
}

/** Aggregations that make sense for a kind (the routes refuse the others). */
export function aggAllowed(kind: MetricKind, agg: SeriesAgg): boolean {
  if (agg === "p50" || agg === "p95" || agg === "p99") return kind === "histogram";
  return true;
}
