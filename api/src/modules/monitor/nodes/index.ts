/** nodes/: every process reports itself; the list, silent nodes, drain. (stub until built) */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../http/types.ts";
import type { MonitorDeps } from "../monitor.deps.ts";

export function createNodesPart(_deps: MonitorDeps) {
  return {
    routes: new OpenAPIHono<AppEnv>(),
    /** reports every heartbeatMs; `onDrain` runs once when an admin asks this process to drain */
    start(_options: { onDrain?: () => Promise<void> }) {},
    /** one report now (tests) */
    async beat() {},
    async stop() {},
  };
}
