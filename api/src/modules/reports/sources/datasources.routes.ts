import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { REPORTS_DATASOURCE, REPORTS_MANAGE, REPORTS_VIEW } from "../reports.deps.ts";
import { datasourceBody, idParam, listDatasourcesQuery, testBody } from "./datasources.schema.ts";
import type { Datasources } from "./datasources.service.ts";

const base = { module: "reports", resourceType: "report_datasource" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;
const URL_DOC = "`url`：postgres 为 `postgres://user:pass@host:5432/db`，mysql 为 `mysql://`（或 `mariadb://`），clickhouse 为 `http(s)://`（或 `clickhouse://`）；store 不填。" +
  "`options`：`timeout_ms`（默认 30000，最多 300000）、`row_cap`（默认 10000）、`pool_max`（默认 4）。返回的 URL 中密码显示为 `••••••`，原样提交则保留已保存的密码。";

const list = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/datasources", action: "datasource.list",
  summary: "数据源列表", description: "按 `type`、`q`（名称）筛选。没有 reports:datasource 或 reports:manage 权限时不返回连接地址。",
  request: { query: listDatasourcesQuery },
});
const create = defineRoute({
  ...base, access: REPORTS_DATASOURCE, method: "post", path: "/datasources", action: "datasource.create", created: true, errors: [409],
  summary: "新建数据源", description: `\`{name, type: postgres|mysql|clickhouse|store, url, options}\`。${URL_DOC}上传数据源通过上传文件创建。名称重复返回 409。`,
  request: jsonBody(datasourceBody),
});
const testUnsaved = defineRoute({
  ...base, access: REPORTS_DATASOURCE, method: "post", path: "/datasources/test", action: "datasource.test", operationId: "reportsDatasourceTestUnsaved",
  summary: "测试未保存的数据源连接", description: `用表单内容连接一次，返回 \`{ok, version, ms}\`；连不上返回 502（不含密码）。${URL_DOC}`,
  request: jsonBody(testBody),
});
const get = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/datasources/{id}", action: "datasource.get",
  summary: "数据源详情", description: "含健康状态（最近一次测试的结果）与上传信息。",
  request: { params: idParam },
});
const update = defineRoute({
  ...base, access: REPORTS_DATASOURCE, method: "put", path: "/datasources/{id}", action: "datasource.update", errors: [409],
  summary: "修改数据源", description: `整体替换。${URL_DOC}修改后本进程的连接池关闭重建。`,
  request: { params: idParam, ...jsonBody(datasourceBody) },
});
const remove = defineRoute({
  ...base, access: REPORTS_DATASOURCE, method: "delete", path: "/datasources/{id}", action: "datasource.delete", errors: [409],
  summary: "删除数据源", description: "仍有数据集使用时返回 409。",
  request: { params: idParam },
});
const test = defineRoute({
  ...base, access: REPORTS_DATASOURCE, method: "post", path: "/datasources/{id}/test", action: "datasource.test",
  summary: "测试数据源连接", description: "连接并查询版本，返回 `{ok, version, ms}` 并记为健康状态；连不上返回 502，健康状态记为失败。",
  request: { params: idParam },
});
const tables = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "get", path: "/datasources/{id}/tables", action: "datasource.tables",
  summary: "数据源的表与字段", description: "表（含视图）及其字段，字段类型映射为 string number date datetime boolean；内置存储只列出 rpt_ 开头的报表数据表。",
  request: { params: idParam },
});

export function datasourcesRoutes(datasources: Datasources) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await datasources.list(me(c), c.req.valid("query"))))
    .openapi(create, async (c) => ok(c, await datasources.create(me(c), c.req.valid("json")), 201))
    .openapi(testUnsaved, async (c) => ok(c, await datasources.testUnsaved(c.req.valid("json"))))
    .openapi(get, async (c) => ok(c, await datasources.get(me(c), c.req.valid("param").id)))
    .openapi(update, async (c) => ok(c, await datasources.update(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(remove, async (c) => ok(c, await datasources.remove(me(c), c.req.valid("param").id)))
    .openapi(test, async (c) => ok(c, await datasources.test(me(c), c.req.valid("param").id)))
    .openapi(tables, async (c) => ok(c, await datasources.tables(c.req.valid("param").id)));
}
