/**
 * The chat platforms' webhooks (/bot/*) as one small Hono app: each adapter's routes, under the same
 * body limit as the API (a callback is a few KB; nothing unverified may make us buffer megabytes).
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { WebhookRoute } from "./core/port.ts";

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export function webhookApp(routes: WebhookRoute[]): Hono {
  const app = new Hono({ strict: false });
  app.use("*", bodyLimit({ maxSize: WEBHOOK_BODY_LIMIT, onError: (c) => c.json({ error: "body_too_large" }, 413) }));
  for (const route of routes) app.on(route.method, route.path, (c) => route.handle(c.req.raw));
  app.notFound((c) => c.json({ error: "not_found" }, 404));
  return app;
}
