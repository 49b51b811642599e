import { OpenAPIHono } from "@hono/zod-openapi";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { idParam, previewBody, templateBody, templateQuery, templateVersionBody } from "../notify.schema.ts";
import type { Notify } from "../notify.service.ts";

const base = { module: "notify", access: "notify:manage", resourceType: "notify_template" } as const;

const list = defineRoute({
  ...base, method: "get", path: "/notify/templates", action: "template.list",
  summary: "通知模板列表", description: "通知模板（当前版本），按类型、渠道（default|inapp|im|push|email|sms）与语言区分。",
  request: { query: templateQuery },
});
const create = defineRoute({
  ...base, method: "post", path: "/notify/templates", action: "template.create", created: true,
  description: "创建模板（版本 1）；`${var}` 占位符用通知数据填充。类型 `digest` 决定摘要的样式。同类型、渠道与语言已有模板时 409。", errors: [409],
  request: jsonBody(templateBody),
});
const get = defineRoute({
  ...base, method: "get", path: "/notify/templates/{id}", action: "template.get",
  summary: "通知模板详情", description: "一个模板及其全部版本，最新的在前。",
  request: { params: idParam },
});
const update = defineRoute({
  ...base, method: "put", path: "/notify/templates/{id}", action: "template.update",
  description: "编辑模板：保存为新版本并设为当前版本。",
  request: { params: idParam, ...jsonBody(templateVersionBody) },
});
const remove = defineRoute({
  ...base, method: "delete", path: "/notify/templates/{id}", action: "template.delete",
  description: "删除模板及其所有版本（该类型随后回退到默认渠道模板，再回退到 `data.title` / `data.body`）。",
  request: { params: idParam },
});
const preview = defineRoute({
  ...base, method: "post", path: "/notify/templates/preview", action: "template.preview",
  description: "用示例数据渲染模板（按 ID 与可选版本，或直接给出标题与正文），并列出缺少的变量。",
  request: jsonBody(previewBody),
});

export function templateRoutes(notify: Notify) {
  const by = (c: { get(key: "actor"): { userId: string } | undefined }) => c.get("actor")?.userId ?? null;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await notify.templates.list(c.req.valid("query"))))
    .openapi(preview, async (c) => ok(c, await notify.templates.preview(c.req.valid("json"))))
    .openapi(create, async (c) => ok(c, await notify.templates.create(c.req.valid("json"), by(c)), 201))
    .openapi(get, async (c) => ok(c, await notify.templates.get(c.req.valid("param").id)))
    .openapi(update, async (c) => ok(c, await notify.templates.update(c.req.valid("param").id, c.req.valid("json"), by(c))))
    .openapi(remove, async (c) => ok(c, await notify.templates.remove(c.req.valid("param").id)));
}
