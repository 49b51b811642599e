/**
 * SeriesReader over the stored points: the catalog (titles in the caller's language), window aggregates (alert
 * rules) and chart series. Node points are merged (a gauge's mean) unless `node` is filtered on or split by; label
 * sets outside the split are merged (a gauge's sum); then time (see points.ts for what each kind does).
 */
import type { Locale } from "@ops/shared";
import type { MetricInfo, Series, SeriesAgg } from "@ops/shared/contracts/monitor.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { Labels } from "../../../platform/observability.ts";
import type { SeriesReader } from "../ports.ts";
import { combine, pick, type Point } from "./points.ts";
import type { MetricEntry, MetricRegistry } from "./registry.ts";
import { readPoints, type PointRow } from "./store.ts";

const DAY_MS = 86_400_000;
/** auto step: 1-minute points up to two days, 1-hour points beyond */
export const MINUTE_RANGE_MS = 2 * DAY_MS;

export function infoOf(e: MetricEntry, locale: Locale): MetricInfo {
  const d = e.def;
  return {
    name: d.name, kind: d.kind, scope: d.scope, unit: d.unit, module: d.module,
    labels: d.scope === "node" ? [...e.labelNames, "node"] : [...e.labelNames],
    title: d.title[locale] ?? d.title["zh-CN"], help: d.help[locale] ?? d.help["zh-CN"],
  };
}

type Query = { metric: string; filters: Labels; by: string[]; from: number; to: number; res: number; step: number };

export function createSeriesReader(db: Db, metrics: MetricRegistry): SeriesReader & {
  lines(q: Query & { kind: MetricEntry["kind"] }): Promise<Array<{ labels: Labels; points: Point[] }>>;
} {
  const parsed = new Map<string, Labels>();
  const labelsOf = (json: string): Labels => {
    let l = parsed.get(json);
    if (!l) {
      l = JSON.parse(json) as Labels;
      if (parsed.size > 20_000) parsed.clear();
      parsed.set(json, l);
    }
    return l;
  };

  /** the points of each line (label set of `by`), one per step, combined as the header says */
  async function lines(q: Query & { kind: MetricEntry["kind"] }) {
    const rows = await readPoints(db, { metric: q.metric, res: q.res, from: q.from, to: q.to });
    const keepNode = "node" in q.filters || q.by.includes("node");
    // 1: nodes at the same instant and label set
    const byInstant = new Map<string, { row: PointRow; points: Point[] }>();
    for (const r of rows) {
      const labels = labelsOf(r.labels);
      if (!matches(labels, r.node, q.filters)) continue;
      const key = `${r.point.t}\u0000${r.labels}${keepNode ? `\u0000${r.node}` : ""}`;
      const slot = byInstant.get(key);
      if (slot) slot.points.push(r.point);
      else byInstant.set(key, { row: r, points: [r.point] });
    }
    // 2: label sets outside the split, at the same instant; 3: instants within a step
    const byLine = new Map<string, { labels: Labels; instants: Map<number, Point[]> }>();
    for (const { row, points } of byInstant.values()) {
      const all = labelsOf(row.labels);
      const labels: Labels = {};
      for (const name of q.by) labels[name] = name === "node" ? row.node : (all[name] ?? "");
      const lineKey = JSON.stringify(labels);
      let line = byLine.get(lineKey);
      if (!line) byLine.set(lineKey, (line = { labels, instants: new Map() }));
      const point = combine(q.kind, points, "nodes");
      const at = line.instants.get(point.t);
      if (at) at.push(point);
      else line.instants.set(point.t, [point]);
    }
    return [...byLine.values()].map((line) => {
      const steps = new Map<number, Point[]>();
      for (const [t, points] of [...line.instants].sort((a, b) => a[0] - b[0])) {
        const bucket = t - (t % (q.step * 1000));
        const merged = combine(q.kind, points, "labels");
        const s = steps.get(bucket);
        if (s) s.push(merged);
        else steps.set(bucket, [merged]);
      }
      return { labels: line.labels, points: [...steps].map(([t, ps]) => ({ ...combine(q.kind, ps, "time"), t })) };
    });
  }

  const reader = {
    lines,
    catalog(locale: Locale) {
      return [...metrics.entries.values()].map((e) => infoOf(e, locale)).sort((a, b) => a.name.localeCompare(b.name));
    },
    info(name: string, locale: Locale) {
      const e = metrics.entries.get(name);
      return e ? infoOf(e, locale) : null;
    },
    async aggregate(q: { metric: string; filters: Labels; groupBy: string[]; windowMs: number; agg: SeriesAgg; at: Date }) {
      const e = metrics.entries.get(q.metric);
      if (!e) return [];
      const to = q.at.getTime();
      const from = to - q.windowMs;
      const res = q.windowMs > MINUTE_RANGE_MS ? 3600 : 60;
      // points are labelled by their start: the window takes those starting in it (the current minute included)
      const out = await lines({ metric: q.metric, filters: q.filters, by: q.groupBy, from: from - (from % (res * 1000)), to: to + 1, res, step: res, kind: e.kind });
      return out.map((l) => {
        const p = l.points.length ? combine(e.kind, l.points, "time") : null;
        return { labels: l.labels, value: p ? pick(e.kind, p, q.agg) : null };
      });
    },
    async series(q: { metric: string; filters: Labels; from: Date; to: Date; stepS?: number; agg: SeriesAgg; locale: Locale; by?: string[] }) {
      const e = metrics.entries.get(q.metric);
      if (!e) throw new Error(`unknown metric ${q.metric}`);
      const from = q.from.getTime();
      const to = q.to.getTime();
      const step = q.stepS ?? (to - from <= MINUTE_RANGE_MS ? 60 : 3600);
      const res = step % 3600 === 0 ? 3600 : 60;
      const by = q.by ?? defaultSplit(e, q.filters);
      const start = from - (from % (step * 1000));
      // the point of the minute (or hour) `to` falls in is the latest one shown: the current one on a live chart
      const found = await lines({ metric: q.metric, filters: q.filters, by, from: start, to: to + 1, res, step, kind: e.kind });
      const series: Series[] = found.map((l) => ({ metric: q.metric, labels: l.labels, points: fill(l.points, start, to, step, (p) => pick(e.kind, p, q.agg)) }));
      series.sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
      return { metric: infoOf(e, q.locale), step_s: step, from: new Date(from).toISOString(), to: new Date(to).toISOString(), series };
    },
  };
  return reader;
}

/** every label the metric has, except those a filter fixes (node only when filtered on) */
function defaultSplit(e: MetricEntry, filters: Labels): string[] {
  const by = e.labelNames.filter((n) => !(n in filters));
  return by;
}

function matches(labels: Labels, node: string, filters: Labels): boolean {
  for (const [k, v] of Object.entries(filters)) {
    if ((k === "node" ? node : labels[k]) !== v) return false;
  }
  return true;
}

/** one point per step from `from` to `to` (inclusive), null where nothing was stored (a gap, not a zero) */
function fill(points: Point[], from: number, to: number, step: number, value: (p: Point) => number | null) {
  const at = new Map(points.map((p) => [p.t, p]));
  const out: Array<{ t: string; v: number | null }> = [];
  for (let t = from; t <= to; t += step * 1000) {
    const p = at.get(t);
    out.push({ t: new Date(t).toISOString(), v: p ? value(p) : null });
  }
  return out;
}
