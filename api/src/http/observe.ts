import type { Context } from "hono";
import { matchedRoutes } from "hono/route";
import { currentContext } from "../platform/context.ts";
import type { Logger } from "../platform/logger.ts";
import type { Metrics } from "./metrics.ts";
import type { AppEnv } from "./types.ts";
import type { AuditSink } from "../modules/audit/index.ts";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Once a request is answered: metrics per route, and one audit row per mutating request (or per
 * note a service left), whatever the outcome. Failures to audit are logged, never hidden.
 */
export function observe(deps: { metrics: Metrics; audit: AuditSink; logger: Logger }): (c: Context<AppEnv>) => Promise<void> {
  return async (c) => {
    const started = c.get("startedAt") ?? performance.now();
    const durationMs = performance.now() - started;
    const meta = c.get("route");
    const routeLabel = routeOf(c);
    deps.metrics.observe(c.req.method, routeLabel, c.res.status, durationMs / 1000, c.req.path);
    const ctx = currentContext();
    if (!ctx || !c.req.path.startsWith("/api/")) return;
    if (meta?.audit === false || (!MUTATING.has(c.req.method) && !meta?.auditRead)) return;
    try {
      await deps.audit.recordRequest({
        ctx,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round(durationMs),
        module: meta?.module ?? "http",
        action: meta?.action ?? "unmatched",
        resourceType: meta?.resourceType,
        errorCode: c.res.status >= 400 ? await reasonOf(c.res) : undefined,
      });
    } catch (e) {
      deps.logger.error("audit write failed", { err: e, request_id: ctx.requestId });
    }
  };
}

/** The matched handler's path (not a middleware's "*"), so labels stay few and meaningful. */
function routeOf(c: Context<AppEnv>): string {
  const handlers = matchedRoutes(c).filter((r) => r.method !== "ALL" && r.path !== "*" && r.path !== "/*");
  return handlers.at(-1)?.path ?? "unmatched";
}

async function reasonOf(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.clone().json()) as { reason?: string };
    return body.reason;
  } catch {
    return undefined;
  }
}
