/**
 * The chat platforms' webhooks (/bot/*) as one small Hono app: each adapter's routes, under the same
 * body limit as the API (a callback is a few KB; nothing unverified may make us buffer megabytes).
 */
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { EDGE_HEADER, verifyEdgeRequest } from "@ops/shared/edge-signature.ts";
import type { BotLogger, WebhookRoute } from "./core/port.ts";
import { originOfRequest, withRequestOrigin } from "./core/request-origin.ts";

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** OPS_EDGE_SECRET: callbacks forwarded by the edge worker (edge/) carry its mark, checked here. */
export type EdgeCheck = { secret: string; logger: BotLogger; now?: () => number };

/**
 * A callback with an `X-OPS-Edge` mark came through the edge: a valid mark is logged, a bad one is
 * refused 401 (someone is imitating the edge). One without a mark is the platform calling us
 * directly and goes on as before. Either way the adapter still verifies the platform's signature:
 * the edge checked it too, but the origin does not lean on that (defence in depth).
 */
function edgeMark(check: EdgeCheck): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header(EDGE_HEADER);
    if (header === undefined) return next();
    const raw = new Uint8Array(await c.req.raw.clone().arrayBuffer());
    const verdict = await verifyEdgeRequest(check.secret, header, raw, (check.now ?? Date.now)());
    if (!verdict.ok) {
      check.logger.warn("bot: refused a callback with a bad edge mark", { path: c.req.path, error: verdict.error });
      return c.json({ error: "invalid_edge_signature", reason: verdict.error }, 401);
    }
    check.logger.debug("bot: callback forwarded by the edge", { path: c.req.path });
    return next();
  };
}

/** `trustProxy` (OPS_TRUST_PROXY): the origin bind links get comes from X-Forwarded-Proto/-Host. */
export function webhookApp(routes: WebhookRoute[], trustProxy = false, edge?: EdgeCheck): Hono {
  const app = new Hono({ strict: false });
  app.use("*", bodyLimit({ maxSize: WEBHOOK_BODY_LIMIT, onError: (c) => c.json({ error: "body_too_large" }, 413) }));
  if (edge) app.use("*", edgeMark(edge));
  for (const route of routes) {
    app.on(route.method, route.path, (c) => withRequestOrigin(originOfRequest(c.req.raw, trustProxy), () => route.handle(c.req.raw)));
  }
  app.notFound((c) => c.json({ error: "not_found" }, 404));
  return app;
}
