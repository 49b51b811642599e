/**
 * GET /monitor/overview: a card per headline metric (its value over a recent window, the last hour as a sparkline,
 * a tone from fixed thresholds) and the open alerts and nodes. Alerts and nodes belong to other parts: they fill
 * `setSources`; until they do (or if their tables are missing) the counts are read defensively from the tables of
 * migrations 046/047 and are zero when those are absent.
 */
import type { Locale } from "@ops/shared";
import { ALERT_LEVELS, NODE_SILENT_AFTER_S, type AlertLevel, type MonitorOverview, type OverviewCard, type SeriesAgg } from "@ops/shared/contracts/monitor.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { SeriesReader } from "../ports.ts";

type CardDef = {
  id: string;
  metric: string;
  agg: SeriesAgg;
  windowMin: number;
  /** warning and danger thresholds; `below`: low values are bad (delivery rates) */
  warn: number;
  danger: number;
  below?: boolean;
};

export const OVERVIEW_CARDS: CardDef[] = [
  { id: "api_error_rate", metric: "api.error_rate", agg: "value", windowMin: 5, warn: 0.01, danger: 0.05 },
  { id: "api_p95", metric: "api.latency", agg: "p95", windowMin: 5, warn: 0.5, danger: 2 },
  { id: "job_failure_rate", metric: "jobs.failure_rate", agg: "value", windowMin: 60, warn: 0.05, danger: 0.2 },
  { id: "queue_waiting", metric: "queue.waiting", agg: "last", windowMin: 5, warn: 100, danger: 1000 },
  { id: "online_users", metric: "iam.online_users", agg: "last", windowMin: 5, warn: Infinity, danger: Infinity },
  { id: "cpu", metric: "process.cpu_percent", agg: "avg", windowMin: 5, warn: 70, danger: 90 },
  { id: "rss", metric: "process.rss_bytes", agg: "last", windowMin: 5, warn: 1.5e9, danger: 3e9 },
  { id: "im_delivery_rate", metric: "im.delivery_rate", agg: "value", windowMin: 60, warn: 0.98, danger: 0.9, below: true },
  { id: "notify_delivery_rate", metric: "notify.delivery_rate", agg: "value", windowMin: 60, warn: 0.98, danger: 0.9, below: true },
];

export type AlertCounts = MonitorOverview["alerts"];
export type NodeCounts = MonitorOverview["nodes"];
export type OverviewSources = { alerts?: () => Promise<AlertCounts>; nodes?: () => Promise<NodeCounts> };

const toneOf = (d: CardDef, v: number | null): OverviewCard["tone"] => {
  if (v === null) return "unknown";
  const bad = (limit: number) => (d.below ? v < limit : v > limit);
  return bad(d.danger) ? "danger" : bad(d.warn) ? "warning" : "ok";
};

export function createOverview(deps: { db: Db; clock: Clock; reader: SeriesReader }) {
  const sources: OverviewSources = {};

  async function card(d: CardDef, locale: Locale, now: Date): Promise<OverviewCard | null> {
    const info = deps.reader.info(d.metric, locale);
    if (!info) return null;
    const [agg] = await deps.reader.aggregate({ metric: d.metric, filters: {}, groupBy: [], windowMs: d.windowMin * 60_000, agg: d.agg, at: now });
    const from = new Date(now.getTime() - 59 * 60_000); // 60 one-minute points, the current one last
    const spark = await deps.reader.series({ metric: d.metric, filters: {}, from, to: now, stepS: 60, agg: d.agg === "last" ? "value" : d.agg, locale, by: [] });
    const value = agg?.value ?? null;
    return {
      id: d.id, title: info.title, metric: d.metric, unit: info.unit, value,
      spark: spark.series[0]?.points.map((p) => p.v) ?? Array.from({ length: 60 }, () => null),
      tone: toneOf(d, value), drill: `metric=${encodeURIComponent(d.metric)}&agg=${d.agg}`,
    };
  }

  return {
    setSources(s: OverviewSources) {
      Object.assign(sources, s);
    },
    async overview(locale: Locale): Promise<MonitorOverview> {
      const now = deps.clock.now();
      const cards = (await Promise.all(OVERVIEW_CARDS.map((d) => card(d, locale, now)))).filter((c): c is OverviewCard => c !== null);
      const [alerts, nodes] = await Promise.all([
        sources.alerts ? sources.alerts() : alertsFromTable(deps.db),
        sources.nodes ? sources.nodes() : nodesFromTable(deps.db, now),
      ]);
      return { cards, alerts, nodes, generated_at: now.toISOString() };
    },
  };
}

const noLevels = () => Object.fromEntries(ALERT_LEVELS.map((l) => [l, 0])) as Record<AlertLevel, number>;

async function alertsFromTable(db: Db): Promise<AlertCounts> {
  const out: AlertCounts = { firing: 0, acknowledged: 0, silenced: 0, by_level: noLevels() };
  try {
    const rows = await db.all<{ status: string; level: string; c: unknown }>(
      "SELECT status, level, COUNT(*) AS c FROM alerts WHERE status <> 'resolved' GROUP BY status, level",
    );
    for (const r of rows) {
      const c = Number(r.c);
      if (r.status === "firing" || r.status === "acknowledged" || r.status === "silenced") out[r.status] += c;
      if (r.level in out.by_level) out.by_level[r.level as AlertLevel] += c;
    }
  } catch {
    // the alerts table (migration 046) is not there yet
  }
  return out;
}

async function nodesFromTable(db: Db, now: Date): Promise<NodeCounts> {
  const out: NodeCounts = { up: 0, silent: 0, draining: 0 };
  try {
    const rows = await db.all<{ status: string; last_seen_at: string }>("SELECT status, last_seen_at FROM monitor_nodes");
    const silentBefore = now.getTime() - NODE_SILENT_AFTER_S * 1000;
    for (const r of rows) {
      if (r.status === "stopped" || r.status === "drained") continue;
      if (Date.parse(r.last_seen_at) < silentBefore) out.silent++;
      else if (r.status === "draining") out.draining++;
      else out.up++;
    }
  } catch {
    // the nodes table (migration 047) is not there yet
  }
  return out;
}
