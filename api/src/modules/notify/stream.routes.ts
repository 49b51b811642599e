import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { streamSSE } from "hono/streaming";
import { defineRoute } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import type { Notify } from "./notify.service.ts";

const PATH = "/notifications/stream";

const stream = defineRoute({
  module: "notify", access: "user", resourceType: "notification",
  method: "get", path: PATH, action: "inbox.stream",
  summary: "Live inbox (Server-Sent Events): `event: ready` with the unread count, then `event: notification` per new one; " +
    "`: ping` comments keep it open. EventSource cannot send headers, so this route alone also takes `?access_token=`.",
  request: { query: z.object({ access_token: z.string().max(4000).optional() }) },
  responses: { 200: { description: "text/event-stream" } },
});

/** EventSource cannot set Authorization: the token may come as a query parameter on this route only. */
const tokenFromQuery: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = c.req.query("access_token");
  if (token && !c.req.header("authorization")) c.req.raw.headers.set("authorization", `Bearer ${token}`);
  await next();
};

export function streamRoutes(notify: Notify) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(PATH, tokenFromQuery);
  return app.openapi(stream, async (c) => {
    const userId = c.get("actor")!.userId;
    const unread = await notify.inbox.unreadCount(userId);
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (sse) => {
      const done = Promise.withResolvers<void>();
      const end = () => done.resolve();
      // Subscribed before `ready` is written: a client that waits for `ready` misses nothing.
      const off = notify.hub.subscribe(userId, (n) => {
        sse.writeSSE({ event: "notification", id: n.id, data: JSON.stringify(n) }).catch(end);
      });
      const beat = setInterval(() => sse.write(": ping\n\n").catch(end), notify.options.heartbeatMs);
      sse.onAbort(end);
      void notify.hub.closed.then(end);
      try {
        await sse.writeSSE({ event: "ready", data: JSON.stringify({ unread_count: unread }), retry: 3000 });
        await done.promise;
      } finally {
        off();
        clearInterval(beat);
      }
    });
  });
}
