/**
 * 1-hour rollups and retention (the scheduler role): an hour's 1-minute points of each metric, node and label set
 * become one 1-hour point (combined over time: counters and ratios add up, gauges average, histogram percentiles
 * are count-weighted means of the minutes'), upserted so a re-run (the current hour, every pass) replaces it.
 * Minute points older than minuteKeepDays and hour points older than hourKeepDays are deleted.
 */
import type { MetricKind } from "@ops/shared/contracts/monitor.ts";
import type { Db } from "../../../platform/db/db.ts";
import { combine, type Point } from "./points.ts";
import { deleteOlder, metricsWithPoints, readPoints, upsertPoints, type PointRow } from "./store.ts";

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const hourOf = (ms: number) => ms - (ms % HOUR_MS);

/** Rolls up the hour starting at `hour`; returns the 1-hour points written. */
export async function rollupHour(db: Db, kindOf: (metric: string) => MetricKind | null, hour: number): Promise<number> {
  const rows: PointRow[] = [];
  for (const metric of await metricsWithPoints(db, 60, hour, hour + HOUR_MS)) {
    const kind = kindOf(metric);
    if (!kind) continue;
    const groups = new Map<string, { node: string; labels: string; points: Point[] }>();
    for (const r of await readPoints(db, { metric, res: 60, from: hour, to: hour + HOUR_MS })) {
      const key = `${r.node}\u0000${r.labels}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { node: r.node, labels: r.labels, points: [] }));
      g.points.push(r.point);
    }
    for (const g of groups.values()) {
      rows.push({ metric, res: 3600, node: g.node, labels: g.labels, point: { ...combine(kind, g.points, "time"), t: hour } });
    }
  }
  await upsertPoints(db, rows);
  return rows.length;
}

export async function prune(db: Db, now: number, keep: { minuteKeepDays: number; hourKeepDays: number }): Promise<void> {
  await deleteOlder(db, 60, now - keep.minuteKeepDays * DAY_MS);
  await deleteOlder(db, 3600, now - keep.hourKeepDays * DAY_MS);
}
