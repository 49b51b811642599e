import { OpenAPIHono } from "@hono/zod-openapi";
import { isAppError, notFound, type UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, okJson } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { currentContext } from "../../../platform/context.ts";
import { tokenOf } from "../../iam/index.ts";
import { CONFIG_VIEW, type ConsumersDeps } from "./consumers.deps.ts";
import { consumerPage, consumersQuery, publishedQuery, publishedSchema, tableParam } from "./consumers.schema.ts";
import type { createConsumerStore } from "./consumers.store.ts";
import type { ConsumerIdentity, createPublished } from "./published.ts";

/** what a consumer refused for too many waiters is told to wait */
const RETRY_AFTER_S = 5;
const base = { module: "config", access: CONFIG_VIEW, audit: false } as const;

const published = defineRoute({
  ...base, method: "get", path: "/config/{table}/published", action: "published.get", resourceType: "config_table",
  summary: "读取已发布配置（消费者）",
  description:
    "返回此消费者应得的发布（灰度规则由发布模块判定）：`{table, release, version, gray, records: [{key, values}]}`，响应头 `ETag: \"<table>:<release>:<version>\"`。" +
    "带 `If-None-Match` 且与当前 ETag 相同：304；再带 `?wait=N`（1–60 秒）时挂起等待，直到有新发布（200）或超时（304）。" +
    "调用方：API 令牌（scopes 含 `config:read:<表名>` 或 `config:read:*`，消费者名与标签取令牌的 name、labels），" +
    "或拥有 config:view 且属于表 read_roles 的用户（`?consumer=&labels=a,b` 指定消费者名与标签，默认用户名）。" +
    "密钥字段从不在此返回（从记录中去掉）。本进程挂起的连接数超过上限时返回 503 并带 `Retry-After`。",
  request: { params: tableParam, query: publishedQuery },
  responses: {
    ...okJson(publishedSchema),
    304: { description: "未变化：消费者已有当前发布（带 ETag）" },
    503: { description: "等待中的连接过多（`Retry-After` 秒后重试）" },
  },
});

const consumers = defineRoute({
  ...base, method: "get", path: "/config/tables/{table}/consumers", action: "consumers.list", resourceType: "config_table",
  summary: "配置表的消费者",
  description: "谁在运行哪个发布：name、labels、release、version、address、token_id、last_seen_at（最近读取已发布配置的时间，约 30 秒更新一次）。筛选 release；排序 last_seen_at|name|release。",
  request: { params: tableParam, query: consumersQuery }, responses: okJson(consumerPage),
});

/** The published endpoint (long-poll) and the consumers list, mounted under /api/v1 by config's routes. */
export function consumersRoutes(deps: ConsumersDeps, read: ReturnType<typeof createPublished>, store: ReturnType<typeof createConsumerStore>) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(published, async (c) => {
      const actor = c.get("actor") as UserActor;
      const { table } = c.req.valid("param");
      const q = c.req.valid("query");
      const token = tokenOf(actor);
      const who: ConsumerIdentity = token
        ? { name: token.name, labels: token.labels, tokenId: token.id, scopes: token.scopes }
        : { name: q.consumer ?? actor.username, labels: q.labels ? q.labels.split(",") : [], tokenId: null, scopes: null };
      const answer = await read(table, actor, who, {
        ifNoneMatch: c.req.header("if-none-match"), waitS: q.wait, signal: c.req.raw.signal, address: currentContext()?.ip ?? "",
      }).catch((e: unknown) => {
        if (isAppError(e) && e.status === 503) c.header("Retry-After", String(RETRY_AFTER_S));
        throw e;
      });
      c.header("ETag", answer.etag);
      c.header("Cache-Control", "private, no-cache");
      if (answer.status === 304) return c.body(null, 304) as never;
      return ok(c, answer.body);
    })
    .openapi(consumers, async (c) => {
      const actor = c.get("actor") as UserActor;
      const { table } = c.req.valid("param");
      const found = await deps.data.getTable(table);
      if (!found) throw notFound("config.published_not_found", { table });
      if (!(await deps.canRead!(actor, found))) throw notFound("config.published_not_found", { table });
      return ok(c, await store.list(table, c.req.valid("query")));
    });
}
