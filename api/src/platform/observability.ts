/**
 * The observability ports (issue 13): modules register metrics and report slow queries through these, and never import
 * the monitor module. The monitor module implements them (api/src/modules/monitor/); tests and operator scripts pass
 * the no-op ones below.
 */
import type { MetricKind, MetricScope, MetricUnit, SlowQuerySource } from "@ops/shared/contracts/monitor.ts";

export type Labels = Record<string, string>;

/** A metric's definition: its name (METRIC_NAME_PATTERN), kind, where it is sampled, unit, label names, words. */
export type MetricDef = {
  name: string;
  kind: MetricKind;
  scope: MetricScope;
  unit: MetricUnit;
  labels?: readonly string[];
  title: { "zh-CN": string; en: string };
  help: { "zh-CN": string; en: string };
  /** the registering module (`jobs`, `reports`, …) */
  module: string;
};

export interface CounterHandle { inc(labels?: Labels, by?: number): void }
export interface GaugeHandle { set(value: number, labels?: Labels): void }
/** durations in seconds (or any value the unit says) */
export interface HistogramHandle { observe(value: number, labels?: Labels): void }
export interface RatioHandle { add(num: number, den: number, labels?: Labels): void }

/**
 * Values computed at sample time rather than pushed (cluster metrics read from the store: job failure rate over the
 * last minute, online users, queue depth). A gauge/counter collector returns `value`; a ratio collector `num`/`den`;
 * a histogram collector `values` (the observations of the interval).
 */
export type Collected = { labels?: Labels; value?: number; num?: number; den?: number; values?: number[] };
export type Collector = (interval: { from: Date; to: Date }) => Promise<Collected[]>;

export interface MetricsPort {
  counter(def: MetricDef & { kind: "counter" }): CounterHandle;
  gauge(def: MetricDef & { kind: "gauge" }): GaugeHandle;
  histogram(def: MetricDef & { kind: "histogram" }): HistogramHandle;
  ratio(def: MetricDef & { kind: "ratio" }): RatioHandle;
  /** a metric whose values a collector computes once per sample (cluster scope: on one process only) */
  collect(def: MetricDef, collector: Collector): void;
}

/** A statement a report, dataset, export or SQL job ran; the recorder keeps it when slower than the threshold. */
export type QueryTiming = {
  source: SlowQuerySource;
  refId?: string | null;
  refName?: string | null;
  datasourceId?: string | null;
  datasourceName?: string | null;
  userId?: string | null;
  username?: string | null;
  sql: string;
  durationMs: number;
  rows?: number | null;
  error?: string | null;
};

/** Fire and forget: never throws and never slows the query's caller (a failed write is logged). */
export interface SlowQueryRecorder { record(timing: QueryTiming): void }

const noop = () => {};
export const noMetrics: MetricsPort = {
  counter: () => ({ inc: noop }),
  gauge: () => ({ set: noop }),
  histogram: () => ({ observe: noop }),
  ratio: () => ({ add: noop }),
  collect: noop,
};
export const noSlowQueries: SlowQueryRecorder = { record: noop };
