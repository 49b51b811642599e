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
  summary: "我的通知", description: "我的站内通知，最新的在前（`unread=true` 只看未读）。",
  request: { query: inboxQuery },
});
const unreadCount = defineRoute({
  ...base, method: "get", path: "/notifications/unread-count", action: "inbox.unread-count",
  summary: "未读通知数", description: "我的未读通知数量。",
  responses: okJson(z.object({ count: z.number() })),
});
const read = defineRoute({
  ...base, method: "post", path: "/notifications/{id}/read", action: "inbox.read",
  description: "把我的一条通知标为已读。",
  request: { params: idParam },
});
const readAll = defineRoute({
  ...base, method: "post", path: "/notifications/read-all", action: "inbox.read-all",
  description: "把我的全部通知标为已读。",
  responses: okJson(z.object({ updated: z.number() })),
});
const getPrefs = defineRoute({
  ...base, method: "get", path: "/notifications/preferences", action: "preferences.get", resourceType: "notify_preferences",
  summary: "我的通知偏好", description: "我的渠道顺序、默认渠道与按类型的覆盖设置（渠道模式 on|fallback|off，摘要）。",
});
const putPrefs = defineRoute({
  ...base, method: "put", path: "/notifications/preferences", action: "preferences.update", resourceType: "notify_preferences",
  description: "修改我的渠道顺序、默认渠道，或按类型设置渠道与摘要（摘要为 null 表示沿用默认）。",
  request: jsonBody(preferencesBody),
});
const publicKey = defineRoute({
  ...base, method: "get", path: "/notifications/push-public-key", action: "push.public-key",
  summary: "推送公钥", description: "服务器的 VAPID 公钥，用于 `PushManager.subscribe({applicationServerKey})`。",
  responses: okJson(z.object({ public_key: z.string() })),
});
const subscribe = defineRoute({
  ...base, method: "post", path: "/notifications/push-subscriptions", action: "push.subscribe", created: true, resourceType: "push_subscription",
  description: "登记本浏览器的推送订阅（`PushSubscription.toJSON()`）。",
  request: jsonBody(pushSubscriptionBody),
});
const unsubscribePush = defineRoute({
  ...base, method: "delete", path: "/notifications/push-subscriptions", action: "push.unsubscribe", resourceType: "push_subscription",
  description: "删除本浏览器的推送订阅。",
  request: { query: z.object({ endpoint: z.string().min(1).max(2000) }) },
});
const unsubscribe = defineRoute({
  ...base, access: "public", auditRead: true, method: "get", path: "/notifications/unsubscribe", action: "unsubscribe",
  resourceType: "notify_blacklist",
  description: "打开邮件中带签名的退订链接：停止该类型在该渠道上的通知。",
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
