import { z } from "@hono/zod-openapi";
import { CONFIG_NAME_PATTERN } from "@ops/shared/contracts/config.ts";
import { listQuery } from "../../../http/list-query.ts";

export const tableParam = z.object({ table: z.string().regex(CONFIG_NAME_PATTERN) });

const CONSUMER = /^[\p{L}\p{N}._:-]{1,64}$/u;
const LABELS = /^([\p{L}\p{N}._:=-]{1,64})(,[\p{L}\p{N}._:=-]{1,64}){0,19}$/u;

export const publishedQuery = z.object({
  wait: z.coerce.number().int().min(1).max(60).optional().openapi({ description: "与 If-None-Match 一起用：最多等待的秒数（1–60）" }),
  consumer: z.string().regex(CONSUMER).optional().openapi({ description: "用户调用时的消费者名（默认用户名）；令牌调用时用令牌名" }),
  labels: z.string().regex(LABELS).optional().openapi({ description: "用户调用时的消费者标签，逗号分隔；令牌调用时用令牌的 labels" }),
});

export const consumersQuery = listQuery.extend({ release: z.coerce.number().int().min(1).optional() });

const record = z.object({ key: z.string(), values: z.record(z.string(), z.unknown()) });
export const publishedSchema = z.object({
  table: z.string(), release: z.number(), version: z.number(), gray: z.boolean(), records: z.array(record),
}).openapi("ConfigPublished");

const consumer = z.object({
  name: z.string(), labels: z.array(z.string()), table: z.string(), release: z.number(), version: z.number(),
  address: z.string(), token_id: z.string().nullable(), last_seen_at: z.string(),
}).openapi("ConfigConsumer");
export const consumerPage = z.object({ items: z.array(consumer), total: z.number(), page: z.number(), page_size: z.number(), pages: z.number() });
