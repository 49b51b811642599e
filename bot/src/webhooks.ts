/**
 * The chat platforms' webhooks (/bot/*) as one small Hono app: each adapter's routes, under the same
 * body limit as the API (a callback is a few KB; nothing unverified may make us buffer megabytes).
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { WebhookRoute } from "./core/port.ts";
import { originOfRequest, withRequestOrigin } from "./core/request-origin.ts";

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** `trustProxy` (OPS_TRUST_PROXY): the origin bind links get comes from X-Forwarded-Proto/-Host. */
export function webhookApp(routes: WebhookRoute[], trustProxy = false): Hono {
  const app = new Hono({ strict: false });
  app.use("*", bodyLimit({ maxSize: WEBHOOK_BODY_LIMIT, onError: (c) => c.json({ error: "body_too_large" }, 413) }));
  for (const route of routes) {
    app.on(route.method, route.path, (c) => withRequestOrigin(originOfRequest(c.req.raw, trustProxy), () => route.handle(c.req.raw)));
  }
  app.notFound((c) => c.json({ error: "not_found" }, 404));
  return app;
}
