import type { DemoSeeder } from "../../../demo/registry.ts";
import type { Point } from "./points.ts";
import { labelsKey, upsertPoints, type PointRow } from "./store.ts";

const MIN = 60_000;
const DAY_MINUTES = 24 * 60;
/** the demo's history was written by a process that no longer reports; the live process adds its own points beside it */
const NODE = "demo-history";
const ROUTES = ["/api/v1/workbench", "/api/v1/jobs", "/api/v1/approval-tasks", "/api/v1/reports/{id}/data"];

const empty = (t: number): Point => ({ t, value: null, count: 0, sum: null, min: null, max: null, last: null, num: null, den: null, p50: null, p95: null, p99: null });
const gauge = (t: number, v: number): Point => ({ ...empty(t), value: v, count: 1, sum: v, min: v, max: v, last: v });

/** A working day's shape: quiet at night, busy 9–12 and 14–18 (Asia/Shanghai), with a little noise. */
function load(t: number, seed: number): number {
  const hour = (new Date(t).getUTCHours() + 8) % 24;
  const busy = hour >= 9 && hour < 12 ? 1 : hour >= 14 && hour < 18 ? 0.9 : hour >= 8 && hour < 20 ? 0.5 : 0.1;
  return busy * (0.85 + 0.3 * Math.abs(Math.sin(t / 3_600_000 + seed)));
}

/**
 * A day of 1-minute points for the health board (requests, 5xx ratio with one short spike an hour and a half ago,
 * latency, CPU, memory, queue depth, online users, job failure rate), so `OPS_DEMO=1` opens on charts, not empty axes.
 */
export const metricsDemoSeeder: DemoSeeder = {
  name: "monitor-series",
  order: 160,
  async seed({ db, clock }) {
    const end = Math.floor(clock.now().getTime() / MIN) * MIN;
    const rows: PointRow[] = [];
    const add = (metric: string, node: string, labels: Record<string, string>, point: Point) => rows.push({ metric, res: 60, node, labels: labelsKey(labels), point });
    for (let i = DAY_MINUTES; i > 0; i--) {
      const t = end - i * MIN;
      const spike = i >= 85 && i <= 92;
      for (const [r, route] of ROUTES.entries()) {
        const requests = Math.round(40 * load(t, r) + 1);
        const failed = spike && r === 1 ? Math.round(requests * 0.3) : (i * 7 + r) % 97 === 0 ? 1 : 0;
        add("api.requests", NODE, { route, status: "2xx" }, { ...gauge(t, requests - failed), sum: requests - failed });
        if (failed) add("api.requests", NODE, { route, status: "5xx" }, { ...gauge(t, failed), sum: failed });
        add("api.error_rate", NODE, { route }, { ...empty(t), value: failed / requests, count: requests, num: failed, den: requests });
        const p50 = 0.012 + 0.02 * load(t, r + 3);
        add("api.latency", NODE, { route }, { ...empty(t), value: p50 * 3, count: requests, sum: p50 * requests, p50, p95: p50 * 3, p99: p50 * 6 });
      }
      add("process.cpu_percent", NODE, {}, gauge(t, Math.round(8 + 40 * load(t, 7))));
      add("process.rss_bytes", NODE, {}, gauge(t, 180e6 + 60e6 * load(t, 9)));
      add("queue.waiting", NODE, { queue: "notify" }, gauge(t, Math.round(12 * load(t, 11))));
      add("iam.online_users", "", {}, gauge(t, Math.round(30 * load(t, 13))));
      if (i % 10 === 0) {
        const runs = Math.max(1, Math.round(6 * load(t, 17)));
        const failed = i === 90 ? 2 : 0;
        add("jobs.failure_rate", "", { job: "daily-sales-sync" }, { ...empty(t), value: failed / runs, count: runs, num: failed, den: runs });
      }
    }
    await db.tx(() => upsertPoints(db, rows));
  },
};
