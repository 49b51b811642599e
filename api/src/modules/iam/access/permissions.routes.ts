import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ok } from "../../../http/envelope.ts";
import { localeOf } from "../../../http/locale.ts";
import { defineRoute, okJson } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import type { IamDeps } from "../iam.deps.ts";
import { permissionList, permissionTree } from "./permissions-tree.ts";

const kind = z.enum(["menu", "button", "api"]);
const item = z.object({ code: z.string(), kind, parent: z.string().nullable(), name: z.string() });
const node = z.object({ code: z.string(), kind, name: z.string(), children: z.array(z.any()) });

const list = defineRoute({
  method: "get", path: "/permissions", module: "iam", action: "permission.list", access: "iam:permission:list",
  summary: "权限目录", description: "权限目录树（名称按请求语言）；`?flat=true` 返回平铺列表。",
  request: { query: z.object({ flat: z.enum(["true", "false"]).optional() }) },
  responses: okJson(z.union([z.array(node), z.array(item)])),
});

export function permissionsRoutes(_deps: IamDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(list, async (c) => {
    const locale = localeOf(c);
    return ok(c, c.req.valid("query").flat === "true" ? permissionList(locale) : permissionTree(locale));
  });
}
