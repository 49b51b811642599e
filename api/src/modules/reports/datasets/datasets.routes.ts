import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { REPORTS_MANAGE, REPORTS_VIEW } from "../reports.deps.ts";
import type { Attributes } from "./attributes.ts";
import {
  attributeBody, attributesQuery, datasetBody, datasetIdParam, datasetPatch, draftPreviewBody, listDatasetsQuery, previewBody,
} from "./datasets.schema.ts";
import type { Datasets } from "./datasets.service.ts";

const base = { module: "reports", resourceType: "report_dataset" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

const BODY_DOC = "`{name, description, datasource_id, mode: sql|builder（缺省时有 builder 即为 builder，否则 sql）, sql, builder: {table, fields: [{column, alias, agg}], filters: [{column, op, value | param}], group_by, sort, limit}, " +
  "params: [{name, type, required, default, label}], columns: [{name, label, mask}], row_filters: [{column, source: dept|dept_attr|user, attr}]}`。" +
  "SQL 模式用 `:name` 引用参数（绑定为参数，绝不拼接），只能有一条语句；构建器模式的表与列必须存在于数据源的表结构中。" +
  "保存时用默认值（缺省为 NULL）执行一次查询（LIMIT 1）得到列名与类型，作者给出的列标签与脱敏方式按列名保留。错误返回 400 并指明字段（如 `params[0].default`、`builder.fields[2].column`、`sql`）。";

const list = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/datasets", action: "dataset.list",
  summary: "数据集列表", description: "按名称排序；`q` 按名称与描述筛选，`datasource_id` 按数据源筛选。",
  request: { query: listDatasetsQuery },
});
const create = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "post", path: "/datasets", action: "dataset.create", created: true, errors: [409],
  summary: "新建数据集", description: `${BODY_DOC}名称已存在返回 409。`,
  request: jsonBody(datasetBody),
});
const previewDraft = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "post", path: "/datasets/preview", action: "dataset.preview", operationId: "reportsDatasetPreviewUnsaved",
  summary: "预览未保存的数据集",
  description: "`{dataset: <数据集>, params: {名称: 值}}`：按保存时的规则检查后，以调用者的行权限与脱敏执行，返回最多 100 行、行数、是否截断、耗时与带占位符的 SQL（不含参数值）。",
  request: jsonBody(draftPreviewBody),
});
const get = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/datasets/{id}", action: "dataset.get",
  summary: "数据集详情", description: "定义、参数、列（含标签与脱敏方式）与行过滤规则。",
  request: { params: datasetIdParam },
});
const put = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "put", path: "/datasets/{id}", action: "dataset.update", errors: [409],
  summary: "保存数据集", description: `整体替换定义。${BODY_DOC}`,
  request: { params: datasetIdParam, ...jsonBody(datasetBody) },
});
const patch = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "patch", path: "/datasets/{id}", action: "dataset.update", operationId: "reportsDatasetPatch", errors: [409],
  summary: "修改数据集", description: `只改给出的属性，列重新从查询得到。${BODY_DOC}`,
  request: { params: datasetIdParam, ...jsonBody(datasetPatch) },
});
const remove = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "delete", path: "/datasets/{id}", action: "dataset.delete", errors: [409],
  summary: "删除数据集", description: "仍有报表使用（作为数据集或控件选项来源）时返回 409 并指明报表。",
  request: { params: datasetIdParam },
});
const preview = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "post", path: "/datasets/{id}/preview", action: "dataset.preview",
  summary: "预览数据集",
  description: "`{params: {名称: 值}}`（列表参数用数组或逗号分隔）：以调用者的行权限与脱敏执行，返回最多 100 行、行数、是否截断、耗时与带占位符的 SQL。缺少必填参数返回 400（字段 `params.<名称>`）。",
  request: { params: datasetIdParam, ...jsonBody(previewBody) },
});

const attrBase = { module: "reports", resourceType: "report_attribute" } as const;
const listAttributes = defineRoute({
  ...attrBase, access: REPORTS_MANAGE, method: "get", path: "/report-attributes", action: "attribute.list",
  summary: "部门属性列表", description: "行过滤 `dept_attr` 使用的部门属性（如部门所属区域），可按 `dept_id` 与 `key` 筛选。",
  request: { query: attributesQuery },
});
const putAttribute = defineRoute({
  ...attrBase, access: REPORTS_MANAGE, method: "put", path: "/report-attributes", action: "attribute.update",
  summary: "设置部门属性", description: "`{dept_id, key, value}`：替换该部门该键的值；value 为空则删除。部门不存在返回 400（字段 `dept_id`）。",
  request: jsonBody(attributeBody),
});

export function datasetsRoutes(datasets: Datasets, attributes: Attributes) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listAttributes, async (c) => ok(c, await attributes.list(c.req.valid("query"))))
    .openapi(putAttribute, async (c) => ok(c, await attributes.put(c.req.valid("json"))))
    .openapi(list, async (c) => ok(c, await datasets.list(c.req.valid("query"))))
    .openapi(create, async (c) => ok(c, await datasets.create(me(c), c.req.valid("json")), 201))
    .openapi(previewDraft, async (c) => {
      const body = c.req.valid("json");
      return ok(c, await datasets.previewDraft(me(c), body.dataset, body.params));
    })
    .openapi(get, async (c) => ok(c, await datasets.get(c.req.valid("param").id)))
    .openapi(put, async (c) => ok(c, await datasets.update(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(patch, async (c) => ok(c, await datasets.update(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(remove, async (c) => ok(c, await datasets.remove(me(c), c.req.valid("param").id)))
    .openapi(preview, async (c) => ok(c, await datasets.preview(me(c), c.req.valid("param").id, c.req.valid("json").params)));
}
