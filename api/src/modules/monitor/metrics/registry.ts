/**
 * The MetricsPort: handles keep the current minute's state per label set in memory (the hot path does no I/O) and
 * mirror every call into the process's prom-client registry so `/metrics` shows it (`api.requests` → `ops_api_requests`).
 * The sampler (sampler.ts) drains the state into the store.
 */
import { Counter, Gauge, type Registry } from "prom-client";
import { METRIC_NAME_PATTERN, type MetricKind } from "@ops/shared/contracts/monitor.ts";
import { systemClock, type Clock } from "../../../platform/clock.ts";
import type { Logger } from "../../../platform/logger.ts";
import type { Collector, Labels, MetricDef, MetricsPort } from "../../../platform/observability.ts";
import { addCount, addRatio, addValue, newAcc, type Acc } from "./acc.ts";

/** label sets per metric and minute beyond which new ones are dropped (a label fed with ids would grow without end) */
export const MAX_SERIES = 5_000;
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** prom-client's default buckets, for histograms in other units */
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function observeTotal(t: Total, bounds: number[], v: number): void {
  t.v += v;
  t.d++;
  const b = t.buckets!;
  for (let i = 0; i < bounds.length; i++) {
    if (v <= bounds[i]!) {
      b[i]!++;
      return;
    }
  }
}

/**
 * A histogram in Prometheus' text format from the running totals (cumulative `_bucket{le}`, `_sum`, `_count`):
 * prom-client's own Histogram hashes its labels on every observation, which is most of the hot path's cost.
 */
function histogramExposition(name: string, help: string, totals: Map<string, Total>, bounds: number[]) {
  return {
    name, help, type: "histogram",
    get: async () => {
      const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> = [];
      for (const t of totals.values()) {
        let cumulative = 0;
        bounds.forEach((le, i) => {
          cumulative += t.buckets![i]!;
          values.push({ metricName: `${name}_bucket`, labels: { ...t.labels, le }, value: cumulative });
        });
        values.push({ metricName: `${name}_bucket`, labels: { ...t.labels, le: "+Inf" }, value: t.d });
        values.push({ metricName: `${name}_sum`, labels: t.labels, value: t.v });
        values.push({ metricName: `${name}_count`, labels: t.labels, value: t.d });
      }
      return { name, help, type: "histogram", values, aggregator: "sum" };
    },
    reset: () => totals.clear(),
  };
}

/** a label set's running totals since start, read by prom-client at scrape time (no prom-client work per call) */
export type Total = { labels: Labels; v: number; d: number; buckets?: number[] };
export type Slot = { labels: Labels; acc: Acc; total: Total };

export type MetricEntry = {
  def: MetricDef;
  kind: MetricKind;
  labelNames: string[];
  collector: Collector | null;
  /** the minute the `cur` state belongs to (ms since the epoch) */
  curMinute: number;
  cur: Map<string, Slot>;
  /** earlier minutes not written yet */
  old: Map<number, Map<string, Slot>>;
  /** running totals per label set for `/metrics` (histograms: v = sum, d = count, buckets) */
  totals: Map<string, Total>;
  /** a histogram's bucket bounds (`le`) */
  bounds: number[] | null;
  overflowLogged: boolean;
};

export const promNameOf = (name: string) => `ops_${name.replace(/\./g, "_")}`;
export const minuteOf = (ms: number) => ms - (ms % 60_000);

/** the label values in the definition's order: the state's key, cheap to build on every call */
function keyOf(names: string[], labels: Labels | undefined): string {
  if (names.length === 0 || !labels) return "";
  if (names.length === 1) return labels[names[0]!] ?? "";
  let key = labels[names[0]!] ?? "";
  for (let i = 1; i < names.length; i++) key += "\u0001" + (labels[names[i]!] ?? "");
  return key;
}

function cleanLabels(names: string[], labels: Labels | undefined): Labels {
  const out: Labels = {};
  for (const n of names) out[n] = labels?.[n] ?? "";
  return out;
}

export function createMetricRegistry(deps: { registry: Registry; clock: Clock; logger: Logger; nowMs?: () => number }) {
  const entries = new Map<string, MetricEntry>();
  // the system clock without a Date per call (the hot path asks for the minute on every call)
  const nowMs = deps.nowMs ?? (deps.clock === systemClock ? Date.now : () => deps.clock.now().getTime());

  /** registers the metric in prom-client; counters, gauges and ratios are filled from `totals` when scraped */
  function promOf(def: MetricDef, labelNames: string[], totals: Map<string, Total>, collected: boolean, bounds: number[] | null): void {
    const name = promNameOf(def.name);
    // a default metric of the same name (ops_process_heap_bytes) already shows it
    if (deps.registry.getSingleMetric(name)) return;
    const common = { help: def.help.en, labelNames, registers: [deps.registry] };
    const fill = (kind: "counter" | "gauge", pickValue: (t: Total) => number) => function (this: Counter | Gauge) {
      this.reset();
      for (const t of totals.values()) {
        if (kind === "counter") (this as Counter).inc(t.labels, pickValue(t));
        else (this as Gauge).set(t.labels, pickValue(t));
      }
    };
    if (collected || def.kind === "gauge") {
      if (def.kind !== "histogram") new Gauge({ name, ...common, collect: fill("gauge", (t) => t.v) });
      return;
    }
    switch (def.kind) {
      case "counter":
        new Counter({ name, ...common, collect: fill("counter", (t) => t.v) });
        return;
      case "histogram":
        deps.registry.registerMetric(histogramExposition(name, def.help.en, totals, bounds!) as never);
        return;
      case "ratio":
        new Counter({ name: `${name}_numerator`, ...common, collect: fill("counter", (t) => t.v) });
        new Counter({ name: `${name}_denominator`, ...common, help: `${def.help.en} (denominator)`, collect: fill("counter", (t) => t.d) });
        return;
    }
  }

  function define(def: MetricDef, collector: Collector | null): MetricEntry {
    const seen = entries.get(def.name);
    if (seen) {
      if (seen.kind !== def.kind) throw new Error(`metric ${def.name} registered as ${seen.kind} and ${def.kind}`);
      if (collector) seen.collector = collector;
      return seen;
    }
    if (!METRIC_NAME_PATTERN.test(def.name)) throw new Error(`bad metric name ${def.name}`);
    const labelNames = [...(def.labels ?? [])].filter((l) => l !== "node");
    const totals = new Map<string, Total>();
    const bounds = def.kind === "histogram" ? (def.unit === "seconds" ? SECONDS_BUCKETS : DEFAULT_BUCKETS) : null;
    promOf(def, labelNames, totals, collector !== null, bounds);
    const entry: MetricEntry = { def, kind: def.kind, labelNames, collector, curMinute: -1, cur: new Map(), old: new Map(), totals, bounds, overflowLogged: false };
    entries.set(def.name, entry);
    return entry;
  }

  /** the label set's state in the current minute (rolling the entry's state over when the minute changed) */
  function slot(e: MetricEntry, labels: Labels | undefined): Slot | null {
    const minute = minuteOf(nowMs());
    if (minute !== e.curMinute) {
      if (e.cur.size > 0 && e.curMinute >= 0) e.old.set(e.curMinute, e.cur);
      e.cur = new Map();
      e.curMinute = minute;
    }
    const key = keyOf(e.labelNames, labels);
    let s = e.cur.get(key);
    if (s === undefined) {
      if (e.cur.size >= MAX_SERIES) {
        if (!e.overflowLogged) deps.logger.warn("metric has too many label sets; new ones are dropped", { metric: e.def.name, max: MAX_SERIES });
        e.overflowLogged = true;
        return null;
      }
      const clean = cleanLabels(e.labelNames, labels);
      s = { labels: clean, acc: newAcc(e.kind), total: totalOf(e, key, clean) };
      e.cur.set(key, s);
    }
    return s;
  }

  function totalOf(e: MetricEntry, key: string, labels: Labels): Total {
    let t = e.totals.get(key);
    if (t === undefined) {
      t = { labels, v: 0, d: 0, ...(e.bounds ? { buckets: new Array<number>(e.bounds.length).fill(0) } : {}) };
      // beyond the cap a label set still gets its series points, but no running total on /metrics
      if (e.totals.size < MAX_SERIES * 2) e.totals.set(key, t);
    }
    return t;
  }

  const port: MetricsPort = {
    counter(def) {
      const e = define(def, null);
      return { inc(labels, by = 1) { const s = slot(e, labels); if (!s) return; addCount(s.acc, by); s.total.v += by; } };
    },
    gauge(def) {
      const e = define(def, null);
      return { set(value, labels) { const s = slot(e, labels); if (!s) return; addValue(s.acc, value); s.total.v = value; } };
    },
    histogram(def) {
      const e = define(def, null);
      return { observe(value, labels) { const s = slot(e, labels); if (!s) return; addValue(s.acc, value); observeTotal(s.total, e.bounds!, value); } };
    },
    ratio(def) {
      const e = define(def, null);
      return {
        add(num, den, labels) {
          const s = slot(e, labels);
          if (!s) return;
          addRatio(s.acc, num, den);
          s.total.v += num;
          s.total.d += den;
        },
      };
    },
    collect(def, collector) {
      define(def, collector);
    },
  };

  return { port, entries, nowMs, cleanLabels, slotFor: slot };
}

export type MetricRegistry = ReturnType<typeof createMetricRegistry>;
