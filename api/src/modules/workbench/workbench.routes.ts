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
  summary: "The signed-in user's home workbench: every widget they may see (to-dos, notifications, recent activity, security notices), loaded concurrently; a widget that fails or runs out of time comes back with status error, the rest still load",
  responses: okJson(workbenchView),
});

const getWidget = defineRoute({
  method: "get",
  path: "/workbench/widgets/{id}",
  module: "workbench",
  action: "widget.view",
  access: "user",
  summary: "One workbench widget again (refresh); 404 workbench.widget_not_found for an unknown id, 403 when the reader lacks the widget's permission",
  request: { params: widgetParams },
  responses: okJson(widgetView),
});

export function workbenchRoutes(workbench: Workbench) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(getWorkbench, async (c) => ok(c, await workbench.view(c.get("actor") as UserActor, localeOf(c))))
    .openapi(getWidget, async (c) => ok(c, await workbench.widget(c.get("actor") as UserActor, localeOf(c), c.req.valid("param").id)));
}
