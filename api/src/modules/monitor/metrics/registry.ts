/**
 * The MetricsPort: handles keep the current minute's state per label set in memory (the hot path does no I/O) and
 * mirror every call into the process's prom-client registry so `/metrics` shows it (`api.requests` → `ops_api_requests`).
 * The sampler (sampler.ts) drains the state into the store.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { METRIC_NAME_PATTERN, type MetricKind } from "@ops/shared/contracts/monitor.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { Logger } from "../../../platform/logger.ts";
import type { Collector, Labels, MetricDef, MetricsPort } from "../../../platform/observability.ts";
import { addCount, addRatio, addValue, newAcc, type Acc } from "./acc.ts";

/** label sets per metric and minute beyond which new ones are dropped (a label fed with ids would grow without end) */
export const MAX_SERIES = 5_000;
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

type PromChild = { inc?(by: number): void; observe?(v: number): void; set?(v: number): void };
export type Slot = { labels: Labels; acc: Acc; prom: PromChild | null; promDen: PromChild | null };

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
  prom: { main: Counter | Gauge | Histogram | null; den: Counter | null };
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
  const nowMs = deps.nowMs ?? (() => deps.clock.now().getTime());

  function promOf(def: MetricDef, labelNames: string[], collected: boolean): MetricEntry["prom"] {
    const name = promNameOf(def.name);
    // a default metric of the same name (ops_process_heap_bytes) already shows it
    if (deps.registry.getSingleMetric(name)) return { main: null, den: null };
    const common = { help: def.help.en, labelNames, registers: [deps.registry] };
    if (collected) return def.kind === "histogram" ? { main: null, den: null } : { main: new Gauge({ name, ...common }), den: null };
    switch (def.kind) {
      case "counter": return { main: new Counter({ name, ...common }), den: null };
      case "gauge": return { main: new Gauge({ name, ...common }), den: null };
      case "histogram": return { main: new Histogram({ name, ...common, ...(def.unit === "seconds" ? { buckets: SECONDS_BUCKETS } : {}) }), den: null };
      case "ratio": return {
        main: new Counter({ name: `${name}_numerator`, ...common }),
        den: new Counter({ name: `${name}_denominator`, ...common, help: `${def.help.en} (denominator)` }),
      };
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
    const entry: MetricEntry = {
      def, kind: def.kind, labelNames, collector, curMinute: -1, cur: new Map(), old: new Map(),
      prom: promOf(def, labelNames, collector !== null), overflowLogged: false,
    };
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
      const main = e.prom.main as (Counter & Gauge & Histogram) | null;
      s = {
        labels: clean, acc: newAcc(e.kind),
        prom: main ? (e.labelNames.length ? main.labels(clean) : main) : null,
        promDen: e.prom.den ? (e.labelNames.length ? e.prom.den.labels(clean) : e.prom.den) : null,
      };
      e.cur.set(key, s);
    }
    return s;
  }

  const port: MetricsPort = {
    counter(def) {
      const e = define(def, null);
      return { inc(labels, by = 1) { const s = slot(e, labels); if (!s) return; addCount(s.acc, by); s.prom?.inc?.(by); } };
    },
    gauge(def) {
      const e = define(def, null);
      return { set(value, labels) { const s = slot(e, labels); if (!s) return; addValue(s.acc, value); s.prom?.set?.(value); } };
    },
    histogram(def) {
      const e = define(def, null);
      return { observe(value, labels) { const s = slot(e, labels); if (!s) return; addValue(s.acc, value); s.prom?.observe?.(value); } };
    },
    ratio(def) {
      const e = define(def, null);
      return {
        add(num, den, labels) {
          const s = slot(e, labels);
          if (!s) return;
          addRatio(s.acc, num, den);
          if (num) s.prom?.inc?.(num);
          if (den) s.promDen?.inc?.(den);
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
