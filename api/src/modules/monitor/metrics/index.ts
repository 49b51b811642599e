/** metrics/: the metrics port, sampling into stored series, the catalog and series routes. (stub until built) */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../http/types.ts";
import { noMetrics, type MetricsPort } from "../../../platform/observability.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import type { SeriesReader } from "../ports.ts";

export function createMetricsPart(_deps: MonitorDeps) {
  const reader: SeriesReader = {
    catalog: () => [],
    info: () => null,
    aggregate: async () => [],
    series: async () => { throw new Error("not built"); },
  };
  return {
    port: noMetrics as MetricsPort,
    reader,
    routes: new OpenAPIHono<AppEnv>(),
    /** samples this process's node metrics every interval; with `cluster`, the cluster metrics too */
    start(_roles: { cluster: boolean }) {},
    /** writes the current interval's points now (tests; shutdown) */
    async flush() {},
    async stop() {},
  };
}
