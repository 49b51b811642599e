import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { MONITOR_DEFAULTS, type MonitorDeps } from "./monitor.deps.ts";
import { createMetricsPart } from "./metrics/index.ts";
import { createAlertsPart } from "./alerts/index.ts";
import { createSecurityPart } from "./security/index.ts";
import { createNodesPart } from "./nodes/index.ts";
import { createSlowPart } from "./slow/index.ts";

/**
 * The monitor module: its parts are created here in dependency order and meet only through ./ports.ts.
 * metrics/ (port, series) → alerts/ (rules over the series) → security/ (detectors raising alerts); nodes/ and slow/
 * stand apart.
 */
export function createMonitor(input: MonitorDeps) {
  const deps: MonitorDeps = { ...input, options: { ...MONITOR_DEFAULTS, ...input.options } };
  const routes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false });
  const metrics = createMetricsPart(deps);
  const alerts = createAlertsPart(deps, { reader: metrics.reader });
  const security = createSecurityPart(deps, { raiser: alerts.raiser });
  const nodes = createNodesPart(deps);
  // the board counts nodes as the nodes page does (silent decided at read time, drained included)
  metrics.setOverviewSources({ nodes: () => nodes.counts() });
  const slow = createSlowPart(deps);
  routes.route("/", metrics.routes);
  routes.route("/", alerts.routes);
  routes.route("/", nodes.routes);
  routes.route("/", slow.routes);
  return {
    routes,
    /** MetricsPort: modules register their metrics through it (wired in system.ts) */
    metrics: metrics.port,
    reader: metrics.reader,
    /** SlowQueryRecorder: reports and SQL jobs report their statements through it */
    slowQueries: slow.recorder,
    parts: { metrics, alerts, security, nodes, slow },
    /** every process samples and reports itself; the scheduler role samples cluster metrics, evaluates, detects, prunes */
    start(roles: { scheduler: boolean; worker: boolean; onDrain?: () => Promise<void> }) {
      metrics.start({ cluster: roles.scheduler });
      nodes.start({ ...(roles.onDrain ? { onDrain: roles.onDrain } : {}) });
      alerts.start({ scheduler: roles.scheduler });
      security.start({ scheduler: roles.scheduler });
      slow.start({ scheduler: roles.scheduler });
    },
    /**
     * Ends the scheduler role's part (a shutdown's first steps): rule evaluation, detectors, pruning, and the cluster
     * metrics with their rollups and retention; this process's own samples and node reports go on until stop.
     */
    async stopScheduler() {
      metrics.setCluster(false);
      slow.stopScheduler();
      await security.stop();
      await alerts.stop();
    },
    async stop() {
      await security.stop();
      await alerts.stop();
      await nodes.stop();
      await metrics.stop();
      await slow.stop();
    },
  };
}

export type Monitor = ReturnType<typeof createMonitor>;
