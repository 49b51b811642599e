import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ok } from "../../http/envelope.ts";
import { listQuery } from "../../http/list-query.ts";
import { defineRoute, jsonBody, okJson } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { blacklistBody, idParam, logQuery, sendBody, webhookBody } from "./notify.schema.ts";
import type { Notify } from "./notify.service.ts";

const manage = { module: "notify", access: "notify:manage" } as const;

const send = defineRoute({
  module: "notify", access: "notify:send", resourceType: "notify_event", method: "post", path: "/notify/send", action: "send",
  summary: "Send a notification of a type to users: in-app at once, other channels queued per each recipient's preferences " +
    "(critical: every channel, no digest; the blacklist still applies)",
  request: jsonBody(sendBody),
  responses: okJson(z.object({ event_id: z.string(), recipients: z.number(), deliveries: z.number(), digested: z.number(), webhooks: z.number() })),
});
const logs = defineRoute({
  ...manage, method: "get", path: "/notify/logs", action: "log.list", resourceType: "notify_send_log",
  summary: "The send log: one row per delivery attempt with channel, attempt, status (sending|sent|retry|failed|deferred|blocked) and error",
  request: { query: logQuery },
});
const listBlacklist = defineRoute({
  ...manage, method: "get", path: "/notify/blacklist", action: "blacklist.list", resourceType: "notify_blacklist",
  summary: "Blacklist and unsubscribe entries",
  request: { query: listQuery.extend({ user_id: z.string().max(64).optional() }) },
});
const addBlacklist = defineRoute({
  ...manage, method: "post", path: "/notify/blacklist", action: "blacklist.add", resourceType: "notify_blacklist",
  summary: "Stop notifications to a user or an address, on a channel (`*`: all) and for a type (`*`: all)",
  request: jsonBody(blacklistBody),
});
const removeBlacklist = defineRoute({
  ...manage, method: "delete", path: "/notify/blacklist/{id}", action: "blacklist.remove", resourceType: "notify_blacklist",
  summary: "Remove a blacklist entry",
  request: { params: idParam },
});
const listWebhooks = defineRoute({
  ...manage, method: "get", path: "/notify/webhooks", action: "webhook.list", resourceType: "notify_webhook",
  summary: "Webhook endpoints and the notification types they receive",
});
const addWebhook = defineRoute({
  ...manage, method: "post", path: "/notify/webhooks", action: "webhook.create", resourceType: "notify_webhook",
  summary: "Subscribe an endpoint to notification types; the HMAC secret is returned once (X-OPS-Signature: t=…,v1=…)",
  request: jsonBody(webhookBody),
});
const removeWebhook = defineRoute({
  ...manage, method: "delete", path: "/notify/webhooks/{id}", action: "webhook.delete", resourceType: "notify_webhook",
  summary: "Delete a webhook endpoint",
  request: { params: idParam },
});

export function manageRoutes(notify: Notify) {
  const by = (c: { get(key: "actor"): { userId: string } | undefined }) => c.get("actor")?.userId ?? null;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(send, async (c) => ok(c, await notify.send(c.req.valid("json"), by(c)), 201))
    .openapi(logs, async (c) => ok(c, await notify.logs(c.req.valid("query"))))
    .openapi(listBlacklist, async (c) => ok(c, await notify.blacklist.list(c.req.valid("query"))))
    .openapi(addBlacklist, async (c) => ok(c, await notify.blacklist.add(c.req.valid("json"), by(c)), 201))
    .openapi(removeBlacklist, async (c) => ok(c, await notify.blacklist.remove(c.req.valid("param").id)))
    .openapi(listWebhooks, async (c) => ok(c, await notify.webhooks.list()))
    .openapi(addWebhook, async (c) => ok(c, await notify.webhooks.create(c.req.valid("json"), by(c)), 201))
    .openapi(removeWebhook, async (c) => ok(c, await notify.webhooks.remove(c.req.valid("param").id)));
}
