import { OpenAPIHono } from "@hono/zod-openapi";
import { ok } from "../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { actorId } from "./help.locale.ts";
import { localeQuery, pageCreateBody, pageSaveBody, revertBody, slugParam, versionParam } from "./help.schema.ts";
import type { Help } from "./help.service.ts";

/** Editing pages needs `help:page:edit`; every save is a version and an audit row with before/after. */
const edit = { module: "help", access: "help:page:edit", resourceType: "help_page" } as const;

const create = defineRoute({
  ...edit, method: "post", path: "/help/pages", action: "page.create",
  summary: "新建帮助页面",
  description: "Adds a page of the store's own in one language (version 1); a slug already used is 409 `help.slug_taken`.",
  request: jsonBody(pageCreateBody),
});
const save = defineRoute({
  ...edit, method: "put", path: "/help/pages/{slug}", action: "page.update",
  summary: "修改帮助页面",
  description: "Saves a new version of a page in one language (overrides a shipped page); `base_version` refuses the save when someone saved in between (409 `help.stale_version`).",
  request: { params: slugParam, ...jsonBody(pageSaveBody) },
});
const remove = defineRoute({
  ...edit, method: "delete", path: "/help/pages/{slug}", action: "page.delete",
  summary: "删除或重置帮助页面",
  description: "Deletes a store page, or resets an override to the shipped text (`?locale=`); the version history stays.",
  request: { params: slugParam, query: localeQuery },
});
const versions = defineRoute({
  ...edit, method: "get", path: "/help/pages/{slug}/versions", action: "page.versions",
  summary: "帮助页面版本历史",
  description: "Version history of a page in one language (`?locale=`), newest first, with who saved and the note.",
  request: { params: slugParam, query: localeQuery },
});
const version = defineRoute({
  ...edit, method: "get", path: "/help/pages/{slug}/versions/{version}", action: "page.version",
  summary: "查看帮助页面版本",
  description: "One version's text (`?locale=`); version 0 is the shipped text.",
  request: { params: versionParam, query: localeQuery },
});
const revert = defineRoute({
  ...edit, method: "post", path: "/help/pages/{slug}/revert", action: "page.revert",
  summary: "恢复帮助页面版本",
  description: "Makes an earlier version current again (saved as a new version).",
  request: { params: slugParam, ...jsonBody(revertBody) },
});

export function editRoutes(help: Help) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => ok(c, await help.create(c.req.valid("json"), actorId(c)), 201))
    .openapi(save, async (c) => ok(c, await help.save(c.req.valid("param").slug, c.req.valid("json"), actorId(c))))
    .openapi(remove, async (c) => ok(c, await help.remove(c.req.valid("param").slug, c.req.valid("query").locale)))
    .openapi(versions, async (c) => ok(c, await help.versions(c.req.valid("param").slug, c.req.valid("query").locale)))
    .openapi(version, async (c) => {
      const p = c.req.valid("param");
      return ok(c, await help.version(p.slug, c.req.valid("query").locale, p.version));
    })
    .openapi(revert, async (c) => {
      const b = c.req.valid("json");
      return ok(c, await help.revert(c.req.valid("param").slug, b.locale, b.version, b.note ?? null, actorId(c)));
    });
}
