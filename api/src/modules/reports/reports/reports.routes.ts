import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { REPORTS_MANAGE, REPORTS_VIEW } from "../reports.deps.ts";
import type { RawParams } from "./params.ts";
import {
  controlParam, createReportBody, dataQuery, listReportsQuery, prefsBody, reportParam, shareBody, shareParam, updateReportBody,
} from "./reports.schema.ts";
import type { ReportDefs } from "./index.ts";

const base = { module: "reports", resourceType: "report" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;
const RESERVED = new Set(["page", "page_size", "sort", "fresh"]);

/** The report's parameters from the query string: repeated keys are lists; paging, sort and `fresh` are not parameters. */
function rawParams(c: Context<AppEnv>): RawParams {
  const out: RawParams = {};
  for (const [k, values] of Object.entries(c.req.queries())) if (!RESERVED.has(k)) out[k] = values.length === 1 ? values[0]! : values;
  return out;
}

const DEF_DOC = "`{name, title, description, dataset_id, chart: {type, x, y, series: [{column, agg, label}], page_size, kpi, gauge}, controls: [{name, label, type, param | params, default, options: {static | dataset_id, value_column, label_column, parent_column}, depends_on}], format: {列名: {kind, decimals, thousands, currency, trend, thresholds}}, drill: {column, report_id, params}, cache_ttl_s, roles}`。" +
  "图表、控件、格式与下钻按数据集的列与参数校验，错误返回 400 并指明字段（如 `chart.series[0].column`、`controls[1].param`、`drill.report_id`）。";

const list = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/reports", action: "report.list",
  summary: "报表列表", description: "调用者可查看的报表（roles 为空或包含其角色）；`q` 按名称、标题、描述筛选，`favourites=1` 只看收藏，`dataset_id` 按数据集筛选。",
  request: { query: listReportsQuery },
});
const create = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "post", path: "/reports", action: "report.create", created: true, errors: [409],
  summary: "新建报表", description: `${DEF_DOC}名称已存在返回 409。`, request: jsonBody(createReportBody),
});
const get = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/reports/{id}", action: "report.get",
  summary: "报表定义", description: "按 ID 或名称读取；`roles` 不含调用者的角色时返回 403。", request: { params: reportParam },
});
const update = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "patch", path: "/reports/{id}", action: "report.update", errors: [409],
  summary: "修改报表", description: `只改给出的属性。${DEF_DOC}`, request: { params: reportParam, ...jsonBody(updateReportBody) },
});
const remove = defineRoute({
  ...base, access: REPORTS_MANAGE, method: "delete", path: "/reports/{id}", action: "report.delete", errors: [409],
  summary: "删除报表", description: "收藏、视图偏好与分享链接一并删除；仍有报表下钻到它时返回 409。", request: { params: reportParam },
});
const data = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/reports/{id}/data", action: "report.data",
  summary: "报表数据",
  description: "`?<参数>=…` 按控件名或数据集参数名传值（多选可重复或逗号分隔，日期范围可传预设如 `last_7_days`），未给的取默认值；`page`、`page_size`、`sort=列:asc|desc`（表格）；`fresh=1` 跳过缓存。" +
    "行过滤与脱敏按调用者的数据范围在查询内执行。选项之外的控件值、未知的排序列返回 400；查询超时返回 504。",
  request: { params: reportParam, query: dataQuery },
});
const options = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/reports/{id}/controls/{name}/options", action: "report.control.options",
  summary: "控件选项", description: "静态选项或按数据集查询的选项（调用者的行过滤生效）；级联控件按 `?<上级控件>=…` 过滤；树形控件按 parent_column 组成树。",
  request: { params: controlParam },
});
const favourite = defineRoute({
  ...base, access: REPORTS_VIEW, method: "put", path: "/reports/{id}/favourite", action: "report.favourite",
  summary: "收藏报表", description: "把报表加入自己的收藏（已收藏时不变）。", request: { params: reportParam },
});
const unfavourite = defineRoute({
  ...base, access: REPORTS_VIEW, method: "delete", path: "/reports/{id}/favourite", action: "report.unfavourite",
  summary: "取消收藏报表", description: "从自己的收藏中移除。", request: { params: reportParam },
});
const getPrefs = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/reports/{id}/prefs", action: "report.prefs.get",
  summary: "报表视图偏好", description: "自己在该报表上保存的表格列顺序、隐藏列、每页行数与排序；没有时为空对象。", request: { params: reportParam },
});
const putPrefs = defineRoute({
  ...base, access: REPORTS_VIEW, method: "put", path: "/reports/{id}/prefs", action: "report.prefs.update",
  summary: "保存报表视图偏好", description: "`{columns, hidden, page_size, sort}`，整体替换。", request: { params: reportParam, ...jsonBody(prefsBody) },
});
const createShare = defineRoute({
  ...base, resourceType: "report_share", access: REPORTS_VIEW, method: "post", path: "/reports/{id}/shares", action: "share.create", created: true,
  summary: "创建分享链接", description: "`{params, expires_at | expires_in_s}` → 分享链接 `url`（`<公开地址>/reports/<id>?share=<分享 ID>`）。打开者须登录且有权查看该报表，其数据权限照常生效。",
  request: { params: reportParam, ...jsonBody(shareBody) },
});
const getShare = defineRoute({
  ...base, resourceType: "report_share", access: REPORTS_VIEW, method: "get", path: "/report-shares/{id}", action: "share.get",
  summary: "打开分享链接", description: "返回分享链接（`params` 等）及其报表 `report`；已过期或不存在返回 404，无权查看报表返回 403。", request: { params: shareParam },
});
const deleteShare = defineRoute({
  ...base, resourceType: "report_share", access: REPORTS_VIEW, method: "delete", path: "/report-shares/{id}", action: "share.delete",
  summary: "删除分享链接", description: "只有创建者（或超级管理员）可以删除。", request: { params: shareParam },
});

export function reportDefsRoutes(defs: ReportDefs) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .openapi(list, async (c) => ok(c, await defs.definitions.list(me(c), c.req.valid("query"))))
    .openapi(create, async (c) => ok(c, await defs.definitions.create(me(c), c.req.valid("json")), 201))
    .openapi(get, async (c) => ok(c, await defs.definitions.get(me(c), c.req.valid("param").id)))
    .openapi(update, async (c) => ok(c, await defs.definitions.update(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(remove, async (c) => ok(c, await defs.definitions.remove(me(c), c.req.valid("param").id)))
    .openapi(data, async (c) => {
      const q = c.req.valid("query");
      return ok(c, await defs.reader.data(me(c), c.req.valid("param").id, rawParams(c), {
        ...(q.page ? { page: q.page } : {}), ...(q.page_size ? { pageSize: q.page_size } : {}), ...(q.sort ? { sort: q.sort } : {}), noCache: q.fresh === "1",
      }));
    })
    .openapi(options, async (c) => {
      const { id, name } = c.req.valid("param");
      return ok(c, await defs.controlOptions(me(c), id, name, rawParams(c)));
    })
    .openapi(favourite, async (c) => ok(c, await defs.viewer.favourite(me(c), c.req.valid("param").id, true)))
    .openapi(unfavourite, async (c) => ok(c, await defs.viewer.favourite(me(c), c.req.valid("param").id, false)))
    .openapi(getPrefs, async (c) => ok(c, await defs.viewer.prefs(me(c), c.req.valid("param").id)))
    .openapi(putPrefs, async (c) => ok(c, await defs.viewer.savePrefs(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(createShare, async (c) => ok(c, await defs.viewer.share(me(c), c.req.valid("param").id, c.req.valid("json")), 201))
    .openapi(getShare, async (c) => {
      const { share, report } = await defs.viewer.openShare(me(c), c.req.valid("param").id);
      return ok(c, { ...share, report: await defs.definitions.get(me(c), report.id) });
    })
    .openapi(deleteShare, async (c) => ok(c, await defs.viewer.removeShare(me(c), c.req.valid("param").id)));
}
