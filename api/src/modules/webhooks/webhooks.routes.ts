import { OpenAPIHono } from "@hono/zod-openapi";
import { DELIVERY_STATUSES, WEBHOOK_EVENTS } from "@ops/shared/contracts/webhooks.ts";
import { ok } from "../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { WEBHOOKS_MANAGE } from "./webhooks.deps.ts";
import { deliveriesQuery, idParam, subscriptionBody } from "./webhooks.schema.ts";
import type { Webhooks } from "./webhooks.service.ts";

const base = { module: "webhooks", access: WEBHOOKS_MANAGE, resourceType: "webhook" } as const;
const deliveryBase = { module: "webhooks", access: WEBHOOKS_MANAGE, resourceType: "webhook_delivery" } as const;
const BODY =
  "`{name, url, events, secret?, active, filter?}`：events 取 " + WEBHOOK_EVENTS.join("|") + "；filter `{definition_keys: [..]}` 只推送这些审批定义的事件。" +
  "url 只能是 http/https，不能带用户名或密码，不能指向本机、内网或链路本地地址（OPS_WEBHOOK_ALLOW_PRIVATE=1 或 OPS_WEBHOOK_ALLOW_HOSTS 放行）。" +
  "错误指明字段（url、events.0、filter.definition_keys、secret），出错时不保存任何内容。";
const SIGNED = "请求头 `X-OPS-Event`、`X-OPS-Delivery`、`X-OPS-Timestamp`、`X-OPS-Signature: sha256=<HMAC-SHA256(secret, \"<timestamp>.<body>\") 的十六进制>`。";

const list = defineRoute({ ...base, method: "get", path: "/webhooks", action: "list", summary: "Webhook 订阅列表", description: "全部订阅（不含签名密钥）。" });
const create = defineRoute({
  ...base, method: "post", path: "/webhooks", action: "create", created: true, summary: "新建 Webhook 订阅",
  description: `${BODY} 不传 secret 时生成一个；密钥只在这次返回。${SIGNED}`, request: jsonBody(subscriptionBody),
});
const get = defineRoute({ ...base, method: "get", path: "/webhooks/{id}", action: "get", summary: "Webhook 订阅详情", description: "一个订阅（不含签名密钥）。", request: { params: idParam } });
const update = defineRoute({
  ...base, method: "put", path: "/webhooks/{id}", action: "update", summary: "修改 Webhook 订阅",
  description: `${BODY} 整体替换；不传 secret 时保留原密钥。停用期间发生的事件在重新启用后不会补发。`, request: { params: idParam, ...jsonBody(subscriptionBody) },
});
const remove = defineRoute({ ...base, method: "delete", path: "/webhooks/{id}", action: "delete", summary: "删除 Webhook 订阅", description: "删除订阅及其投递记录；排队中的投递不再发送。", request: { params: idParam } });
const rotate = defineRoute({
  ...base, method: "post", path: "/webhooks/{id}/rotate-secret", action: "rotate-secret", summary: "更换 Webhook 签名密钥",
  description: "生成新的签名密钥并只在这次返回；之后的每次尝试（包括重试）都用新密钥签名。", request: { params: idParam },
});
const deliveries = defineRoute({
  ...deliveryBase, method: "get", path: "/webhooks/{id}/deliveries", action: "deliveries.list", summary: "Webhook 投递记录",
  description: `订阅的投递（新的在前）：status（${DELIVERY_STATUSES.join("|")}）、attempts、next_attempt_at、response_code、last_error。筛选：status、event_type；排序 created_at|updated_at|status。`,
  request: { params: idParam, query: deliveriesQuery },
});
const delivery = defineRoute({
  ...deliveryBase, method: "get", path: "/webhook-deliveries/{id}", action: "deliveries.get", summary: "Webhook 投递详情",
  description: "一次投递：请求（url、body）与每次尝试（请求头、开始时间、耗时、响应码、响应体前 2 KB、错误）。", request: { params: idParam },
});
const replay = defineRoute({
  ...deliveryBase, method: "post", path: "/webhook-deliveries/{id}/replay", action: "deliveries.replay", created: true, errors: [409],
  summary: "重新投递 Webhook 事件", description: `把同一事件（相同事件 ID 与内容）作为新的投递（新的 X-OPS-Delivery）再发一次；订阅已停用时返回 409。${SIGNED}`,
  request: { params: idParam },
});

/** Subscriptions and the delivery log, mounted under /api/v1 by app.ts; webhooks:manage for all. */
export function webhooksRoutes(webhooks: Webhooks) {
  const by = (c: { get(key: "actor"): { userId: string } | undefined }) => c.get("actor")?.userId ?? null;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await webhooks.subscriptions.list()))
    .openapi(create, async (c) => ok(c, await webhooks.subscriptions.create(c.req.valid("json"), by(c)), 201))
    .openapi(get, async (c) => ok(c, await webhooks.subscriptions.get(c.req.valid("param").id)))
    .openapi(update, async (c) => ok(c, await webhooks.subscriptions.update(c.req.valid("param").id, c.req.valid("json"))))
    .openapi(remove, async (c) => ok(c, await webhooks.subscriptions.remove(c.req.valid("param").id)))
    .openapi(rotate, async (c) => ok(c, await webhooks.subscriptions.rotateSecret(c.req.valid("param").id)))
    .openapi(deliveries, async (c) => ok(c, await webhooks.deliveries.list(c.req.valid("param").id, c.req.valid("query"))))
    .openapi(delivery, async (c) => ok(c, await webhooks.deliveries.get(c.req.valid("param").id)))
    .openapi(replay, async (c) => ok(c, await webhooks.deliveries.replay(c.req.valid("param").id, by(c)), 201));
}
