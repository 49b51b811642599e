import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { forbidden, unauthenticated } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, okJson } from "../../../http/route.ts";
import type { AppEnv, Authenticate } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import type { Notify } from "../notify.service.ts";

const PATH = "/notifications/stream";

const ticket = defineRoute({
  module: "notify", access: "user", resourceType: "notification", audit: false,
  method: "post", path: "/notifications/stream-tickets", action: "inbox.stream-ticket", created: true,
  description: "申请一次性票据（60 秒有效）用于打开实时通知流：`EventSource` 不能带 `Authorization` 头，而令牌不应出现在 URL 中。每次（重新）连接都申请新票据。",
  responses: okJson(z.object({ ticket: z.string(), expires_at: z.string() })),
});

const STREAM_DESCRIPTION = "实时通知（Server-Sent Events）：`?ticket=` 取自 `POST /notifications/stream-tickets`（或带 `Authorization: Bearer` 头）。" +
  "先发 `event: ready`（含未读数），之后每条新通知一个 `event: notification`；`: ping` 注释保持连接。票据已用或过期时 401；拒绝 `?access_token=`。";

// The guard lets it through ("public"); the handler authenticates the ticket (or a bearer header)
// itself. The document says what it takes: a signed-in user, by ticket or bearer token.
const stream = { ...defineRoute({
  module: "notify", access: "public", resourceType: "notification",
  method: "get", path: PATH, action: "inbox.stream",
  summary: "实时通知流",
  request: { query: z.object({ ticket: z.string().max(200).optional() }) },
  responses: {
    200: { description: "事件流（`text/event-stream`）", content: { "text/event-stream": { schema: z.string() } } },
  },
  // 401: no ticket, or a spent or expired one
  errors: [401],
}), "x-permission": "user", security: [{ bearer: [] }, {}] as Array<Record<string, string[]>>, description: `**权限**：任何已登录用户（凭票据或令牌）。\n\n${STREAM_DESCRIPTION}` };

/** Who opens the stream: a ticket's user, else the bearer token's. Never a token in the URL. */
async function streamUser(c: Context<AppEnv>, notify: Notify): Promise<string> {
  if (c.req.query("access_token") !== undefined) throw unauthenticated("notify.stream_token_in_url");
  const t = c.req.query("ticket");
  if (t) return notify.streamTickets.redeem(t);
  const token = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) throw unauthenticated("notify.stream_ticket_invalid");
  const authenticate = c.get("authenticate" as never) as Authenticate;
  const actor = await authenticate(token, { path: c.req.path, method: c.req.method });
  if (actor.restricted) throw forbidden(actor.restricted === "password_change" ? "auth.password_change_required" : "auth.mfa_setup_required");
  return actor.userId;
}

export function streamRoutes(notify: Notify) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  return app
    .openapi(ticket, async (c) => {
      const actor = c.get("actor")!;
      return ok(c, await notify.streamTickets.issue(actor.userId, actor.sessionId), 201);
    })
    .openapi(stream, async (c) => {
      const userId = await streamUser(c, notify);
      const unread = await notify.inbox.unreadCount(userId);
      c.header("X-Accel-Buffering", "no");
      c.header("Cache-Control", "no-store");
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
