import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { CONFIG_PUBLISH, CONFIG_VIEW } from "../config.deps.ts";
import { diffRange, reasonBody, tableParam, versionParam, versionsQuery } from "../config.schema.ts";
import type { createVersions } from "./versions.service.ts";

const base = { module: "config", resourceType: "config_table" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

const list = defineRoute({
  ...base, access: CONFIG_VIEW, method: "get", path: "/config/tables/{table}/versions", action: "versions.list",
  summary: "配置表版本历史",
  description: "每次生效的变更是一个版本：操作人、时间、原因、类型（create update delete import rollback change_set abort）、新增/修改/删除的记录数。默认新的在前。",
  request: { params: tableParam, query: versionsQuery },
});
const diff = defineRoute({
  ...base, access: CONFIG_VIEW, method: "get", path: "/config/tables/{table}/versions/diff", action: "versions.diff",
  summary: "比较两个版本",
  description: "`?from=&to=`：两个版本之间逐记录、逐字段的差异；文本类字段带行级差异（jsdiff），JSON 字段另有按路径列出的叶子变化。secret 字段显示为「••••••」。版本 0 为空表。",
  request: { params: tableParam, query: diffRange },
});
const get = defineRoute({
  ...base, access: CONFIG_VIEW, method: "get", path: "/config/tables/{table}/versions/{version}", action: "versions.get",
  summary: "版本详情", description: "一个版本及其相对上一版本的差异。",
  request: { params: versionParam },
});
const rollback = defineRoute({
  ...base, access: CONFIG_PUBLISH, method: "post", path: "/config/tables/{table}/versions/{version}/rollback", action: "versions.rollback", errors: [422],
  summary: "回滚到指定版本",
  description: "`{reason}`（必填）：把该版本的全部记录恢复为一个新版本（类型 rollback，记下恢复自哪个版本），并立即全量发布、通知订阅人。需要 config:publish。",
  request: { params: versionParam, ...jsonBody(reasonBody) },
});

export function versionsRoutes(versions: ReturnType<typeof createVersions>) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await versions.list(me(c), c.req.valid("param").table, c.req.valid("query"))))
    .openapi(diff, async (c) => {
      const { from, to } = c.req.valid("query");
      return ok(c, await versions.diff(me(c), c.req.valid("param").table, from, to));
    })
    .openapi(get, async (c) => {
      const { table, version } = c.req.valid("param");
      return ok(c, await versions.get(me(c), table, version));
    })
    .openapi(rollback, async (c) => {
      const { table, version } = c.req.valid("param");
      return ok(c, await versions.rollback(me(c), table, version, c.req.valid("json").reason));
    });
}
