import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Actor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { REPORTS_MANAGE, REPORTS_VIEW } from "../reports.deps.ts";
import { createMetricBody, listMetricsQuery, metricParam, updateMetricBody } from "./dictionary.schema.ts";
import type { Dictionary } from "./dictionary.service.ts";

const base = { module: "reports", resourceType: "metric" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as Actor;
const BODY_DOC = "`{name, title, owner_id, definition（计算口径，Markdown）, sql | dataset_id + column, unit, refresh, tags}`；SQL 与数据集字段二选一，字段须是数据集的列（否则 400 指明字段）。";

const list = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/metrics-dictionary", action: "metric.list",
  summary: "指标字典", description: "`q` 按名称、标题、计算口径与标签搜索，`tag` 按标签筛选；每个指标带使用它且调用者可查看的报表 `report_ids`，以及负责人显示名 `owner_name`。", request: { query: listMetricsQuery },
});
const create = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "post", path: "/metrics-dictionary", action: "metric.create", created: true, errors: [409],
  summary: "新建指标", description: `${BODY_DOC}名称已存在返回 409。`, request: jsonBody(createMetricBody),
});
const get = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/metrics-dictionary/{id}", action: "metric.get",
  summary: "指标详情", description: "按 ID 或名称读取。", request: { params: metricParam },
});
const update = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "patch", path: "/metrics-dictionary/{id}", action: "metric.update", errors: [409],
  summary: "修改指标", description: `只改给出的属性。${BODY_DOC}`, request: { params: metricParam, ...jsonBody(updateMetricBody) },
});
const remove = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "delete", path: "/metrics-dictionary/{id}", action: "metric.delete",
  summary: "删除指标", description: "从指标字典中删除（报表不受影响）。", request: { params: metricParam },
});

export function dictionaryRoutes(dictionary: Dictionary) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .openapi(list, async (c) => ok(c, await dictionary.list(me(c), c.req.valid("query"))))
    .openapi(create, async (c) => ok(c, await dictionary.create(me(c), c.req.valid("json")), 201))
    .openapi(get, async (c) => ok(c, await dictionary.get(me(c), c.req.valid("param").id)))
    .openapi(update, async (c) => ok(c, await dictionary.update(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(remove, async (c) => ok(c, await dictionary.remove(c.req.valid("param").id)));
}
