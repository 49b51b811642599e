/**
 * The writer: every `sampleMs` each process writes its minutes' points (one batched upsert); collectors run first
 * (node ones everywhere, cluster ones only where `cluster` is on: the scheduler role, so each is written once).
 * The current minute is written as it stands and rewritten on the next pass (the row is replaced, never added to).
 */
import type { Db } from "../../../platform/db/db.ts";
import type { Logger } from "../../../platform/logger.ts";
import type { Collected } from "../../../platform/observability.ts";
import { accOf } from "./acc.ts";
import { minuteOf, type MetricEntry, type MetricRegistry, type Slot } from "./registry.ts";
import { toPoint } from "./acc.ts";
import { labelsKey, upsertPoints, type PointRow } from "./store.ts";

export type SamplerDeps = { db: Db; logger: Logger; nodeId: string; metrics: MetricRegistry };

export function createSampler(deps: SamplerDeps) {
  const { metrics } = deps;
  let cluster = false;
  /** the minute last written: its collectors run once more for the whole minute when the next one began */
  let lastMinute = -1;
  let writing: Promise<void> = Promise.resolve();

  const runs = (e: MetricEntry) => e.collector !== null && (e.def.scope === "node" || cluster);

  async function collectInto(e: MetricEntry, minute: number, now: number): Promise<void> {
    let answer: Collected[];
    try {
      // [minute start, now] for the current minute (now included: a run that ended this millisecond counts), else the whole minute
      answer = await e.collector!({ from: new Date(minute), to: new Date(Math.min(now + 1, minute + 60_000)) });
    } catch (err) {
      deps.logger.warn("metric collector failed", { metric: e.def.name, err });
      return;
    }
    const map = new Map<string, Slot>();
    for (const c of answer) {
      const labels = metrics.cleanLabels(e.labelNames, c.labels);
      const key = labelsKey(labels);
      const total = { labels, v: c.value ?? 0, d: 0 };
      map.set(key, { labels, acc: accOf(e.kind, c), total });
      // `/metrics` shows a collected metric's latest value (a counter's: its last interval's increase)
      if (minute === minuteOf(now) && c.value !== undefined && e.totals.size < 10_000) e.totals.set(key, total);
    }
    if (minute === e.curMinute || e.curMinute < 0) {
      e.cur = map;
      e.curMinute = minute;
    } else if (minute > e.curMinute) {
      if (e.cur.size) e.old.set(e.curMinute, e.cur);
      e.cur = map;
      e.curMinute = minute;
    } else e.old.set(minute, map);
  }

  function rowsOf(e: MetricEntry, minute: number, slots: Map<string, Slot>, out: PointRow[]) {
    // a collected cluster metric is written once for the cluster (node ''); pushed values by each process
    const node = e.collector && e.def.scope === "cluster" ? "" : deps.nodeId;
    for (const s of slots.values()) {
      if (s.acc.count === 0 && s.acc.den === 0 && e.kind !== "gauge" && e.collector === null) continue;
      if (e.kind === "gauge" && s.acc.count === 0) continue;
      out.push({ metric: e.def.name, res: 60, node, labels: labelsKey(s.labels), point: toPoint(e.kind, s.acc, minute) });
    }
  }

  async function flushOnce(): Promise<number> {
    const now = metrics.nowMs();
    const minute = minuteOf(now);
    const rows: PointRow[] = [];
    for (const e of metrics.entries.values()) {
      if (runs(e)) {
        if (lastMinute >= 0 && lastMinute < minute) await collectInto(e, lastMinute, now);
        await collectInto(e, minute, now);
      } else if (e.curMinute !== minute && e.curMinute >= 0) {
        // nothing pushed since the minute changed: the finished minute moves to `old`, written one last time
        if (e.cur.size) e.old.set(e.curMinute, e.cur);
        e.cur = new Map();
        e.curMinute = minute;
      }
      for (const [m, slots] of e.old) rowsOf(e, m, slots, rows);
      if (e.curMinute === minute) rowsOf(e, minute, e.cur, rows);
      e.old.clear();
    }
    await upsertPoints(deps.db, rows);
    lastMinute = minute;
    return rows.length;
  }

  return {
    setCluster(on: boolean) {
      cluster = on;
    },
    /** writes the finished minutes and the current one now; calls are serialised (a timer and a test never overlap) */
    flush(): Promise<number> {
      const next = writing.then(flushOnce);
      writing = next.then(() => undefined, () => undefined);
      return next;
    },
  };
}
