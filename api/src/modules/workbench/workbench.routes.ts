import { OpenAPIHono } from "@hono/zod-openapi";
import type { UserActor } from "@ops/shared";
import { ok } from "../../http/envelope.ts";
import { localeOf } from "../../http/locale.ts";
import { defineRoute, okJson } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { widgetParams, widgetView, workbenchView } from "./workbench.schema.ts";
import type { Workbench } from "./workbench.service.ts";

const getWorkbench = defineRoute({
  method: "get",
  path: "/workbench",
  module: "workbench",
  action: "view",
  access: "user",
  summary: "我的工作台",
  description:
    "当前用户可见的全部工作台组件（安全提醒、待办、未读通知、我的最近操作，以及各模块注册的组件），按 `order` 排列，并发加载。" +
    "单个组件出错或超时（每个组件最多 3 秒）时以 `status: \"error\"` 和 `error.reason` 返回，其余组件照常返回。",
  responses: okJson(workbenchView),
});

const getWidget = defineRoute({
  method: "get",
  path: "/workbench/widgets/{id}",
  module: "workbench",
  action: "widget.view",
  access: "user",
  summary: "刷新一个工作台组件",
  description: "按 id 重新加载一个组件（重试、刷新）。未知 id 返回 404 `workbench.widget_not_found`；没有该组件所需权限返回 403。",
  request: { params: widgetParams },
  responses: okJson(widgetView),
});

export function workbenchRoutes(workbench: Workbench) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(getWorkbench, async (c) => ok(c, await workbench.view(c.get("actor") as UserActor, localeOf(c))))
    .openapi(getWidget, async (c) => ok(c, await workbench.widget(c.get("actor") as UserActor, localeOf(c), c.req.valid("param").id)));
}
