import { OpenAPIHono, z } from "@hono/zod-openapi";
import { notFound } from "@ops/shared";
import { SLOW_QUERY_SOURCES } from "@ops/shared/contracts/monitor.ts";
import { ok } from "../../../http/envelope.ts";
import { listQuery } from "../../../http/list-query.ts";
import { defineRoute } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import type { Db } from "../../../platform/db/db.ts";
import { MONITOR_VIEW } from "../monitor.deps.ts";
import { getSlow, listSlow, summarise } from "./slow.store.ts";

const view = { module: "monitor", access: MONITOR_VIEW, resourceType: "slow_query" } as const;

const slowQuery = listQuery.extend({
  source: z.enum(SLOW_QUERY_SOURCES).optional(),
  datasource_id: z.string().min(1).max(64).optional(),
  user_id: z.string().min(1).max(64).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  min_ms: z.coerce.number().int().min(0).max(86_400_000).optional(),
});

const list = defineRoute({
  ...view, method: "get", path: "/monitor/slow-queries", action: "slow_query.list",
  summary: "慢查询列表",
  description: "报表、数据集、导出与 SQL 作业中慢于阈值（OPS_SLOW_QUERY_MS）的语句：SQL（不含参数值）、用户、数据源、耗时、行数、错误。排序 `sort=-duration_ms`（默认）、`-at`、`rows`。",
  request: { query: slowQuery },
});
const summary = defineRoute({
  ...view, method: "get", path: "/monitor/slow-queries/summary", action: "slow_query.summary",
  summary: "慢查询按指纹汇总",
  description: "按语句指纹（字面量、占位符、IN 列表、空白与大小写归一）分组：次数、平均、最大、P95、总耗时、最近一次、来源与数据源。默认按总耗时倒序（`sort=-total_ms`；也可 count、avg_ms、max_ms、p95_ms、last_at）。",
  request: { query: slowQuery },
});
const one = defineRoute({
  ...view, method: "get", path: "/monitor/slow-queries/{id}", action: "slow_query.get",
  summary: "慢查询详情",
  description: "一条慢查询记录，含完整 SQL（最多 4000 字符）与指纹。",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
});

export function slowRoutes(db: Db) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await listSlow(db, c.req.valid("query"))))
    .openapi(summary, async (c) => ok(c, await summarise(db, c.req.valid("query"))))
    .openapi(one, async (c) => {
      const found = await getSlow(db, c.req.valid("param").id);
      if (!found) throw notFound("monitor.slow_query_not_found");
      return ok(c, found);
    });
}
