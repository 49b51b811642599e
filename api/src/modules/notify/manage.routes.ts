import { OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "@ops/shared";
import { ok } from "../../http/envelope.ts";
import { listQuery } from "../../http/list-query.ts";
import { defineRoute, jsonBody, okJson } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { blacklistBody, idParam, logQuery, sendBody, webhookBody } from "./notify.schema.ts";
import type { Notify } from "./notify.service.ts";

const manage = { module: "notify", access: "notify:manage" } as const;

const send = defineRoute({
  module: "notify", access: "notify:send", resourceType: "notify_event", method: "post", path: "/notify/send", action: "send", created: true,
  description: "向用户发送某类通知：站内信立即送达，其他渠道按每个接收人的偏好排队（`critical` 级别：所有渠道、不进摘要，黑名单仍然生效）。敏感词为拦截模式且内容命中时整条通知不发送，记入发送日志（blocked），答 422 `notify.sensitive_blocked` 并列出命中的词。",
  request: jsonBody(sendBody), errors: [422],
  responses: okJson(z.object({ event_id: z.string(), recipients: z.number(), deliveries: z.number(), digested: z.number(), webhooks: z.number() })),
});
const logs = defineRoute({
  ...manage, method: "get", path: "/notify/logs", action: "log.list", resourceType: "notify_send_log",
  summary: "发送日志", description: "发送日志：每次投递一行，含渠道、第几次尝试、状态（sending|sent|retry|failed|deferred|blocked）与错误。",
  request: { query: logQuery },
});
const listBlacklist = defineRoute({
  ...manage, method: "get", path: "/notify/blacklist", action: "blacklist.list", resourceType: "notify_blacklist",
  summary: "通知黑名单", description: "黑名单与退订记录。",
  request: { query: listQuery.extend({ user_id: z.string().max(64).optional() }) },
});
const addBlacklist = defineRoute({
  ...manage, method: "post", path: "/notify/blacklist", action: "blacklist.add", created: true, resourceType: "notify_blacklist",
  description: "停止向某用户或地址发送通知，可限定渠道（`*` 为全部）与类型（`*` 为全部）。", errors: [409],
  request: jsonBody(blacklistBody),
});
const removeBlacklist = defineRoute({
  ...manage, method: "delete", path: "/notify/blacklist/{id}", action: "blacklist.remove", resourceType: "notify_blacklist",
  description: "移除一条黑名单记录。",
  request: { params: idParam },
});
const listWebhooks = defineRoute({
  ...manage, method: "get", path: "/notify/webhooks", action: "webhook.list", resourceType: "notify_webhook",
  summary: "Webhook 列表", description: "Webhook 端点及其订阅的通知类型。",
});
const addWebhook = defineRoute({
  ...manage, method: "post", path: "/notify/webhooks", action: "webhook.create", created: true, resourceType: "notify_webhook",
  description: "让一个端点订阅若干通知类型：`kind: generic` 收签名 JSON，HMAC 密钥只返回这一次（签名头 `X-OPS-Signature: t=…,v1=…`）；`kind: wecom` 是企业微信群机器人（Markdown 消息，`mentions` 按手机号 @ 人），地址加密保存、只显示打码后的形式。",
  request: jsonBody(webhookBody),
});
const removeWebhook = defineRoute({
  ...manage, method: "delete", path: "/notify/webhooks/{id}", action: "webhook.delete", resourceType: "notify_webhook",
  description: "删除一个 Webhook 端点。",
  request: { params: idParam },
});

export function manageRoutes(notify: Notify) {
  const by = (c: { get(key: "actor"): { userId: string } | undefined }) => c.get("actor")?.userId ?? null;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(send, async (c) => {
      const result = await notify.send(c.req.valid("json"), by(c));
      if (result.blocked) throw sensitiveBlocked(result.blocked);
      return ok(c, result, 201);
    })
    .openapi(logs, async (c) => ok(c, await notify.logs(c.req.valid("query"))))
    .openapi(listBlacklist, async (c) => ok(c, await notify.blacklist.list(c.req.valid("query"))))
    .openapi(addBlacklist, async (c) => ok(c, await notify.blacklist.add(c.req.valid("json"), by(c)), 201))
    .openapi(removeBlacklist, async (c) => ok(c, await notify.blacklist.remove(c.req.valid("param").id)))
    .openapi(listWebhooks, async (c) => ok(c, await notify.webhooks.list()))
    .openapi(addWebhook, async (c) => ok(c, await notify.webhooks.create(c.req.valid("json"), by(c)), 201))
    .openapi(removeWebhook, async (c) => ok(c, await notify.webhooks.remove(c.req.valid("param").id)));
}

/** The sender learns which words refused the send (they wrote them; the send log keeps them masked). */
function sensitiveBlocked(words: string[]) {
  return new AppError("notify.sensitive_blocked", {
    status: 422, params: { words: words.join(", ") }, errors: words.map((word) => ({ field: "data", message: "notify.sensitive_word", params: { word } })),
  });
}
