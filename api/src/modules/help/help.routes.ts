import { OpenAPIHono } from "@hono/zod-openapi";
import { ok } from "../../http/envelope.ts";
import { defineRoute } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { readerLocale } from "./help.locale.ts";
import { commandParam, commandQuery, listQuery, searchQuery, slugParam } from "./help.schema.ts";
import type { Help } from "./help.service.ts";
import { editRoutes } from "./help-edit.routes.ts";

const read = { module: "help", access: "user", resourceType: "help_page" } as const;

const list = defineRoute({
  ...read, method: "get", path: "/help/pages", action: "page.list",
  summary: "帮助页面列表",
  description: "Help pages (no body) in the reader's language (`?lang=`, Accept-Language, then the user's), with the categories in order.",
  request: { query: listQuery },
});
const get = defineRoute({
  ...read, method: "get", path: "/help/pages/{slug}", action: "page.get",
  summary: "查看帮助页面",
  description: "One help page: markdown body and metadata (`source` shipped|override|custom, `version`); falls back to the other language.",
  request: { params: slugParam, query: listQuery.pick({ lang: true }) },
});
const search = defineRoute({
  ...read, method: "get", path: "/help/search", action: "page.search",
  summary: "搜索帮助页面",
  description: "Searches titles, commands, summaries and bodies (Chinese without spaces too); exact command and title hits first; snippets with highlight offsets.",
  request: { query: searchQuery },
});
const command = defineRoute({
  ...read, method: "get", path: "/help/commands/{command}", action: "command.get",
  summary: "聊天命令帮助摘要",
  description: "What `help <command>` in chat shows: the command page's title, summary, examples and links (command word or Chinese alias).",
  request: { params: commandParam, query: commandQuery },
});

/** Every help center route, mounted under /api/v1 by app.ts. Reading needs only a sign-in. */
export function helpRoutes(help: Help) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => {
      const locale = readerLocale(c);
      return ok(c, { locale, categories: help.categories(locale), items: await help.list(locale, c.req.valid("query").category) });
    })
    .openapi(search, async (c) => {
      const locale = readerLocale(c);
      return ok(c, { locale, q: c.req.valid("query").q, items: await help.search(locale, c.req.valid("query").q) });
    })
    .openapi(command, async (c) =>
      ok(c, await help.command(c.req.valid("param").command, readerLocale(c), originOf(c.req.valid("query").origin))),
    )
    .openapi(get, async (c) => ok(c, await help.page(c.req.valid("param").slug, readerLocale(c))))
    // Erased from the app type: only the PWA (plain fetch) edits pages, and every typed route costs the
    // typed client's type checking (the bot reads `help/commands` through it).
    .route("/", editRoutes(help) as unknown as OpenAPIHono<AppEnv>);
}

/** Only an http(s) origin (scheme, host, port) is kept: nothing of a path or query rides into the link. */
function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch {
    return null;
  }
}
