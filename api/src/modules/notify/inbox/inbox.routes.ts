import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody, okJson } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { idParam, inboxQuery, preferencesBody, pushSubscriptionBody } from "../notify.schema.ts";
import type { Notify } from "../notify.service.ts";

const base = { module: "notify", access: "user", resourceType: "notification" } as const;

const list = defineRoute({
  ...base, method: "get", path: "/notifications", action: "inbox.list",
  summary: "My inbox, newest first (`unread=true` for unread only)",
  request: { query: inboxQuery },
});
const unreadCount = defineRoute({
  ...base, method: "get", path: "/notifications/unread-count", action: "inbox.unread-count",
  summary: "How many of my notifications are unread",
  responses: okJson(z.object({ count: z.number() })),
});
const read = defineRoute({
  ...base, method: "post", path: "/notifications/{id}/read", action: "inbox.read",
  summary: "Mark one of my notifications read",
  request: { params: idParam },
});
const readAll = defineRoute({
  ...base, method: "post", path: "/notifications/read-all", action: "inbox.read-all",
  summary: "Mark all my notifications read",
  responses: okJson(z.object({ updated: z.number() })),
});
const getPrefs = defineRoute({
  ...base, method: "get", path: "/notifications/preferences", action: "preferences.get", resourceType: "notify_preferences",
  summary: "My channel order, default channels and per-type overrides (channel modes on|fallback|off, digest)",
});
const putPrefs = defineRoute({
  ...base, method: "put", path: "/notifications/preferences", action: "preferences.update", resourceType: "notify_preferences",
  summary: "Change my channel order, defaults or per-type channels and digest (null digest: inherit)",
  request: jsonBody(preferencesBody),
});
const publicKey = defineRoute({
  ...base, method: "get", path: "/notifications/push-public-key", action: "push.public-key",
  summary: "The server's VAPID public key, for PushManager.subscribe({applicationServerKey})",
  responses: okJson(z.object({ public_key: z.string() })),
});
const subscribe = defineRoute({
  ...base, method: "post", path: "/notifications/push-subscriptions", action: "push.subscribe", resourceType: "push_subscription",
  summary: "Register this browser's push subscription (PushSubscription.toJSON())",
  request: jsonBody(pushSubscriptionBody),
});
const unsubscribePush = defineRoute({
  ...base, method: "delete", path: "/notifications/push-subscriptions", action: "push.unsubscribe", resourceType: "push_subscription",
  summary: "Forget this browser's push subscription",
  request: { query: z.object({ endpoint: z.string().min(1).max(2000) }) },
});
const unsubscribe = defineRoute({
  ...base, access: "public", auditRead: true, method: "get", path: "/notifications/unsubscribe", action: "unsubscribe",
  resourceType: "notify_blacklist",
  summary: "Follow a signed unsubscribe link (from an email): stop this type on this channel",
  request: { query: z.object({ token: z.string().min(1).max(2000) }) },
  responses: okJson(z.object({ type: z.string(), channel: z.string() })),
});

export function inboxRoutes(notify: Notify) {
  const me = (c: { get(key: "actor"): { userId: string } | undefined }) => c.get("actor")!.userId;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await notify.inbox.list(me(c), c.req.valid("query"))))
    .openapi(unreadCount, async (c) => ok(c, { count: await notify.inbox.unreadCount(me(c)) }))
    .openapi(read, async (c) => ok(c, await notify.inbox.markRead(me(c), c.req.valid("param").id)))
    .openapi(readAll, async (c) => ok(c, await notify.inbox.markAllRead(me(c))))
    .openapi(getPrefs, async (c) => ok(c, await notify.preferences.get(me(c))))
    .openapi(putPrefs, async (c) => ok(c, await notify.preferences.save(me(c), c.req.valid("json"))))
    .openapi(publicKey, async (c) => ok(c, { public_key: (await notify.vapid.keys()).publicKey }))
    .openapi(subscribe, async (c) =>
      ok(c, await notify.pushSubscriptions.subscribe(me(c), c.req.valid("json"), c.req.header("user-agent") ?? null), 201))
    .openapi(unsubscribePush, async (c) => ok(c, await notify.pushSubscriptions.unsubscribe(me(c), c.req.valid("query").endpoint)))
    .openapi(unsubscribe, async (c) => ok(c, await notify.unsubscribe(c.req.valid("query").token)));
}
