/**
 * metrics/: the metrics port (registry.ts), sampling into stored series (sampler.ts), 1-hour rollups and retention
 * (rollup.ts, scheduler role), the SeriesReader (reader.ts), the catalog/series/overview routes, the built-in metrics.
 */
import type { MetricsPort } from "../../../platform/observability.ts";
import { consumersOf } from "../../../platform/queue/index.ts";
import type { MonitorDeps, MonitorOptions } from "../monitor.deps.ts";
import type { SeriesReader } from "../ports.ts";
import { clusterMetrics } from "./builtin/cluster.ts";
import { httpMetrics, type HttpObservation } from "./builtin/http.ts";
import { processMetrics } from "./builtin/process.ts";
import { queueMetrics } from "./builtin/queue.ts";
import { storeMetrics } from "./builtin/store.ts";
import { createOverview, type OverviewSources } from "./overview.ts";
import { createSeriesReader } from "./reader.ts";
import { createMetricRegistry } from "./registry.ts";
import { HOUR_MS, hourOf, prune, rollupHour } from "./rollup.ts";
import { metricsRoutes } from "./routes.ts";
import { createSampler } from "./sampler.ts";

export type { OverviewSources } from "./overview.ts";
export { metricsDemoSeeder } from "./metrics.demo.ts";
export type { HttpObservation } from "./builtin/http.ts";

/** how often the scheduler rolls the current (unfinished) hour up */
const CURRENT_ROLLUP_MS = 10 * 60_000;

export function createMetricsPart(deps: MonitorDeps) {
  const options = deps.options as MonitorOptions;
  const registry = createMetricRegistry({ registry: deps.registry, clock: deps.clock, logger: deps.logger });
  const port: MetricsPort = registry.port;
  const sampler = createSampler({ db: deps.db, logger: deps.logger, nodeId: deps.node.id, metrics: registry });
  const reader = createSeriesReader(deps.db, registry);
  const overview = createOverview({ db: deps.db, clock: deps.clock, reader });
  const proc = processMetrics(port);
  // the queues this process consumes now (workers register as they start), unless the composition root says
  queueMetrics(port, deps.queue, deps.queues ?? (() => consumersOf(deps.queue).queues()));
  storeMetrics(port, deps.db);
  clusterMetrics(port, deps.db);
  const http: HttpObservation = httpMetrics(port);

  let timer: ReturnType<typeof setTimeout> | null = null;
  let cluster = false;
  let started = false;
  let rolledHour = -1;
  let prunedAt = -Infinity;
  let currentRolledAt = -Infinity;
  const kindOf = (metric: string) => registry.entries.get(metric)?.kind ?? null;

  /**
   * Rolls up every hour since the last one rolled (the previous hour at start) once it has ended, and the current
   * hour every CURRENT_ROLLUP_MS (a long chart's latest point); prunes hourly.
   */
  async function maintain(): Promise<void> {
    const now = deps.clock.now().getTime();
    const hour = hourOf(now);
    const first = rolledHour < 0 ? hour - HOUR_MS : rolledHour;
    for (let h = first; h < hour; h += HOUR_MS) await rollupHour(deps.db, kindOf, h);
    if (rolledHour !== hour || now - currentRolledAt >= CURRENT_ROLLUP_MS) {
      await rollupHour(deps.db, kindOf, hour);
      currentRolledAt = now;
    }
    rolledHour = hour;
    if (now - prunedAt >= HOUR_MS) {
      await prune(deps.db, now, options);
      prunedAt = now;
    }
  }

  async function tick(): Promise<void> {
    try {
      await sampler.flush();
      if (cluster) await maintain();
    } catch (e) {
      deps.logger.error("metrics sample failed", { err: e });
    }
  }

  const schedule = () => {
    timer = setTimeout(() => {
      void tick().finally(() => {
        if (timer) schedule();
      });
    }, options.sampleMs);
    timer.unref?.();
  };

  return {
    port,
    reader: reader as SeriesReader,
    /** the HTTP observer's hook (system.ts hands it to createMetrics' forward) */
    http,
    routes: metricsRoutes(reader, overview, () => deps.clock.now()),
    /** alerts and nodes parts fill the overview's counts */
    setOverviewSources(s: OverviewSources) {
      overview.setSources(s);
    },
    overview: (locale: "zh-CN" | "en") => overview.overview(locale),
    /** samples this process's node metrics every interval; with `cluster`, the cluster metrics, rollups and retention too */
    start(roles: { cluster: boolean }) {
      started = true;
      cluster = roles.cluster;
      sampler.setCluster(cluster);
      proc.start();
      if (!timer) schedule();
    },
    /** writes the current interval's points now (tests; shutdown); returns the rows written */
    flush: () => sampler.flush(),
    /** cluster collectors in `flush` without `start` (tests) */
    setCluster(on: boolean) {
      cluster = on;
      sampler.setCluster(on);
    },
    /** rollup of the hour starting at `hour` (ms) and retention as of now (tests; the timer does both hourly) */
    rollup: (hour: number) => rollupHour(deps.db, kindOf, hour),
    prune: () => prune(deps.db, deps.clock.now().getTime(), options),
    /** the scheduler's pass after each sample: finished hours and the current one rolled up, retention (tests) */
    maintain,
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      proc.stop();
      // the last partial minute of a sampling process (a test system that never started writes nothing)
      if (started) await sampler.flush().catch((e: unknown) => deps.logger.warn("metrics flush at stop failed", { err: e }));
    },
  };
}
