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
  summary: "Templates (current version) per type, channel (default|inapp|im|push|email|sms) and language",
  request: { query: templateQuery },
});
const create = defineRoute({
  ...base, method: "post", path: "/notify/templates", action: "template.create",
  summary: "Create a template (version 1); `${var}` placeholders are filled from the notification's data. Type `digest` styles digests",
  request: jsonBody(templateBody),
});
const get = defineRoute({
  ...base, method: "get", path: "/notify/templates/{id}", action: "template.get",
  summary: "A template with all its versions, newest first",
  request: { params: idParam },
});
const update = defineRoute({
  ...base, method: "put", path: "/notify/templates/{id}", action: "template.update",
  summary: "Edit a template: stores a new version and makes it current",
  request: { params: idParam, ...jsonBody(templateVersionBody) },
});
const remove = defineRoute({
  ...base, method: "delete", path: "/notify/templates/{id}", action: "template.delete",
  summary: "Delete a template and its versions (the type falls back to the default channel, then to data.title/body)",
  request: { params: idParam },
});
const preview = defineRoute({
  ...base, method: "post", path: "/notify/templates/preview", action: "template.preview",
  summary: "Render a template (by id and optional version, or given title/body) with sample data; lists missing variables",
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
