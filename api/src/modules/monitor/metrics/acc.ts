/**
 * Per-interval in-memory state of one label set (the hot path: no I/O, no allocation beyond a histogram's values).
 * `toPoint` turns it into the stored point of its minute.
 */
import type { MetricKind } from "@ops/shared/contracts/monitor.ts";
import type { Collected } from "../../../platform/observability.ts";
import { naturalValue, type Point } from "./points.ts";

/** Observations kept per label set and minute for percentiles; beyond it a reservoir sample keeps them fair. */
export const HISTOGRAM_KEEP = 2_000;

export type Acc = {
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  num: number;
  den: number;
  values: number[] | null;
};

export const newAcc = (kind: MetricKind): Acc => ({
  count: 0, sum: 0, min: Infinity, max: -Infinity, last: 0, num: 0, den: 0, values: kind === "histogram" ? [] : null,
});

export function addValue(a: Acc, v: number): void {
  a.count++;
  a.sum += v;
  if (v < a.min) a.min = v;
  if (v > a.max) a.max = v;
  a.last = v;
  const values = a.values;
  if (values === null) return;
  if (values.length < HISTOGRAM_KEEP) values.push(v);
  else {
    // reservoir sampling (Vitter's R): every observation of the minute equally likely to be kept
    const j = Math.floor(Math.random() * a.count);
    if (j < HISTOGRAM_KEEP) values[j] = v;
  }
}

export function addCount(a: Acc, by: number): void {
  a.count += by;
  a.sum += by;
}

export function addRatio(a: Acc, num: number, den: number): void {
  a.num += num;
  a.den += den;
  a.count += den;
}

/** A collector's answer for one label set as the interval's whole state (replacing what was there). */
export function accOf(kind: MetricKind, c: Collected): Acc {
  const a = newAcc(kind);
  if (kind === "ratio") addRatio(a, c.num ?? 0, c.den ?? 0);
  else if (kind === "counter") addCount(a, c.value ?? 0);
  else if (kind === "histogram") for (const v of c.values ?? []) addValue(a, v);
  else if (c.value !== undefined) addValue(a, c.value);
  return a;
}

const quantile = (sorted: number[], q: number): number | null => {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
};

export function toPoint(kind: MetricKind, a: Acc, t: number): Point {
  const seen = a.count > 0;
  const sorted = a.values ? [...a.values].sort((x, y) => x - y) : null;
  const base = {
    t,
    count: a.count,
    sum: kind === "ratio" ? null : a.sum,
    min: seen && kind !== "counter" && kind !== "ratio" ? a.min : null,
    max: seen && kind !== "counter" && kind !== "ratio" ? a.max : null,
    last: seen && kind === "gauge" ? a.last : null,
    num: kind === "ratio" ? a.num : null,
    den: kind === "ratio" ? a.den : null,
    p50: sorted ? quantile(sorted, 0.5) : null,
    p95: sorted ? quantile(sorted, 0.95) : null,
    p99: sorted ? quantile(sorted, 0.99) : null,
  };
  return { ...base, value: naturalValue(kind, base, seen ? a.sum / a.count : null) };
}
