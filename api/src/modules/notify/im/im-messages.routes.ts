import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody, okJson } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import type { Notify } from "../notify.service.ts";

const platform = z.enum(["slack", "feishu", "dingtalk"]);
const ref = z.object({
  id: z.string(), platform: z.string(), chat_id: z.string(), message_id: z.string(), card_kind: z.string(),
  entity_type: z.string().nullable(), entity_id: z.string().nullable(), user_id: z.string().nullable(), locale: z.string(),
  created_at: z.string(), updated_at: z.string(),
});

const record = defineRoute({
  module: "notify", access: "bot", method: "post", path: "/im/messages", action: "im.message.record", created: true, resourceType: "im_message",
  description: "机器人记录它发出的卡片（平台、会话、消息 ID、卡片类型、关联实体），以后状态变化时就地更新该卡片。",
  request: jsonBody(z.object({
    platform,
    chat_id: z.string().min(1).max(200),
    message_id: z.string().min(1).max(200),
    card_kind: z.string().min(1).max(64),
    entity_type: z.string().max(64).nullable().optional(),
    entity_id: z.string().max(200).nullable().optional(),
    user_id: z.string().max(64).nullable().optional(),
    locale: z.enum(["zh-CN", "en"]).optional(),
  })),
  responses: okJson(ref),
});
const list = defineRoute({
  module: "notify", access: "notify:manage", method: "get", path: "/im/messages", action: "im.message.list", resourceType: "im_message",
  summary: "卡片消息位置", description: "某个实体的卡片发到了哪些聊天会话。",
  request: { query: z.object({ entity_type: z.string().min(1).max(64), entity_id: z.string().min(1).max(200) }) },
  responses: okJson(z.array(ref)),
});

const result = defineRoute({
  module: "notify", access: "bot", method: "post", path: "/im/deliveries/{id}/result", action: "im.delivery.result", resourceType: "notify_delivery",
  description: "机器人回报一次聊天消息投递：失败会记录，最后一次失败时切换到接收人的下一个渠道。",
  request: {
    params: z.object({ id: z.string().max(64) }),
    ...jsonBody(z.object({ ok: z.boolean(), attempt: z.number().int().min(1).max(100), final: z.boolean(), error: z.string().max(500).optional() })),
  },
  responses: okJson(z.object({ failover: z.string().nullable() })),
});

const orderRef = {
  platform,
  chat_id: z.string().min(1).max(200),
  message_id: z.string().min(1).max(200),
  entity_type: z.string().min(1).max(64),
  entity_id: z.string().min(1).max(200),
  seq: z.number().int().min(1),
};
const claim = defineRoute({
  module: "notify", access: "bot", method: "post", path: "/im/card-updates/claim", action: "im.card_update.claim", resourceType: "im_message", audit: false,
  description: "机器人就地更新一张卡片前先登记其编号：比已登记或已应用的更旧则不必更新；多个机器人进程之间由此保证卡片更新的顺序。",
  request: jsonBody(z.object(orderRef)),
  responses: okJson(z.object({ apply: z.boolean(), token: z.number().int().nullable() })),
});
const finish = defineRoute({
  module: "notify", access: "bot", method: "post", path: "/im/card-updates/finish", action: "im.card_update.finish", resourceType: "im_message", audit: false,
  description: "机器人就地更新卡片之后回报：若其间同一消息上另有更新完成，返回该实体最新的卡片，由机器人再应用一次。",
  request: jsonBody(z.object({ ...orderRef, token: z.number().int().min(0).nullable(), ok: z.boolean() })),
  responses: okJson(z.object({
    reapply: z.object({ seq: z.number().int(), card: z.object({ kind: z.string(), data: z.record(z.string(), z.any()) }) }).nullable(),
    token: z.number().int().nullable(),
  })),
});

export function imMessageRoutes(notify: Notify) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(record, async (c) => ok(c, await notify.imCards.record(c.req.valid("json")), 201))
    .openapi(claim, async (c) => ok(c, await notify.imCards.order.claim(c.req.valid("json"))))
    .openapi(finish, async (c) => ok(c, await notify.imCards.order.finish(c.req.valid("json"))))
    .openapi(result, async (c) => ok(c, await notify.imResult(c.req.valid("param").id, c.req.valid("json"))))
    .openapi(list, async (c) => {
      const q = c.req.valid("query");
      return ok(c, await notify.imCards.list(q.entity_type, q.entity_id));
    });
}
