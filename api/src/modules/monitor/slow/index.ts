/** slow/: the slow query log (reports, datasets, exports, SQL jobs) and its routes. (stub until built) */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../http/types.ts";
import { noSlowQueries, type SlowQueryRecorder } from "../../../platform/observability.ts";
import type { MonitorDeps } from "../monitor.deps.ts";

export function createSlowPart(_deps: MonitorDeps) {
  return {
    recorder: noSlowQueries as SlowQueryRecorder,
    routes: new OpenAPIHono<AppEnv>(),
    /** the scheduler role prunes old rows */
    start(_roles: { scheduler: boolean }) {},
    async stop() {},
  };
}
