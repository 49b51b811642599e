import type { MiddlewareHandler } from "hono";
import { runWithContext } from "../platform/context.ts";
import type { Logger } from "../platform/logger.ts";
import type { AuditSink } from "../modules/audit/index.ts";
import { apiStage } from "./api-requests.ts";
import { compressAnswer } from "./compress.ts";
import type { Metrics } from "./metrics.ts";
import { observe } from "./observe.ts";
import { errorResponse } from "./on-error.ts";
import { openRequestContext } from "./request-context.ts";
import { securityHeaders } from "./security.ts";
import type { AppEnv, Authenticate, AuthenticateBot } from "./types.ts";

/**
 * Every request's way through the app's own concerns, in order, as one middleware (six middlewares cost a closure,
 * an async frame and a turn through Hono's compose each, on every request):
 *
 * 1. the request context (request id, client address, language) that services, audit and logs read;
 * 2. /api/*: the request checks and authenticators on the way in; CORS and `no-store` on the way out (api-requests.ts);
 * 3. the route (`next`), whose errors Hono turns into the app's error answer where they are thrown;
 * 4. metrics and the audit row (observe.ts), which reads an error answer's reason before it is compressed;
 * 5. /api/*: compression of JSON (compress.ts);
 * 6. security headers on every answer, refusals and errors included (security.ts).
 */
export function requestPipeline(deps: {
  trustProxy: boolean;
  corsOrigins: string[];
  metrics: Metrics;
  audit: AuditSink;
  logger: Logger;
  maxBodyBytes: number;
  uploads: { paths: RegExp; maxBytes: number };
  authenticate: Authenticate;
  authenticateBot: AuthenticateBot;
}): MiddlewareHandler<AppEnv> {
  const api = apiStage({
    corsOrigins: deps.corsOrigins, maxBodyBytes: deps.maxBodyBytes, uploads: deps.uploads,
    authenticate: deps.authenticate, authenticateBot: deps.authenticateBot,
    onError: (err, c) => errorResponse(c, err, deps.logger),
  });
  const observed = observe({ metrics: deps.metrics, audit: deps.audit, logger: deps.logger });
  const secured = securityHeaders(deps.trustProxy);
  return (c, next) => runWithContext(openRequestContext(c, deps.trustProxy), async () => {
    const path = c.req.path;
    const isApi = path.startsWith("/api/") || path === "/api";
    if (isApi) await api(c, next);
    else await next();
    await observed(c);
    if (isApi) await compressAnswer(c);
    await secured(c);
  });
}
