import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createRoleService } from "./roles.service.ts";
import { keepDefaultName, localizeRoles, nameLocale } from "./builtin-names.ts";
import { createRoleBody, roleListQuery, roleSchema, updateRoleBody } from "./roles.schema.ts";

const base = { module: "iam", resourceType: "role" } as const;
const idParam = z.object({ id: z.string().min(1).max(64) });

const list = defineRoute({
  ...base, method: "get", path: "/roles", action: "role.list", access: "iam:role:list",
  summary: "角色列表", description: "全部角色（平铺，`parent_id` 构成树），含自有与继承的权限及用户数。",
  request: { query: roleListQuery },
  responses: okJson(z.array(roleSchema)),
});
const get = defineRoute({
  ...base, method: "get", path: "/roles/{id}", action: "role.get", access: "iam:role:list",
  summary: "角色详情", description: "单个角色。",
  request: { params: idParam },
  responses: okJson(roleSchema),
});
const create = defineRoute({
  ...base, method: "post", path: "/roles", action: "role.create", created: true, access: "iam:role:create",
  description: "创建角色（权限码取自权限目录，自动补上所需的菜单上级）；角色编码已存在 409。", errors: [409],
  request: jsonBody(createRoleBody),
  responses: okJson(roleSchema),
});
const update = defineRoute({
  ...base, method: "put", path: "/roles/{id}", action: "role.update", access: "iam:role:update",
  description: "编辑角色；受影响的用户在下一次请求时即按新权限生效。", errors: [409],
  request: { params: idParam, ...jsonBody(updateRoleBody) },
  responses: okJson(roleSchema),
});
const remove = defineRoute({
  ...base, method: "delete", path: "/roles/{id}", action: "role.delete", access: "iam:role:delete",
  description: "删除没有用户、没有子角色的角色（内置角色不可删除）。", errors: [409],
  request: { params: idParam },
  responses: okJson(z.object({ id: z.string(), deleted: z.literal(true) })),
});

export function rolesRoutes(deps: IamDeps) {
  const roles = createRoleService(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, localizeRoles(nameLocale(c), await roles.list(c.req.valid("query")))))
    .openapi(get, async (c) => ok(c, localizeRoles(nameLocale(c), await roles.get(c.req.valid("param").id))))
    .openapi(create, async (c) => ok(c, localizeRoles(nameLocale(c), await roles.create(c.get("actor")!, c.req.valid("json"))), 201))
    .openapi(update, async (c) => ok(c, localizeRoles(nameLocale(c), await roles.update(c.get("actor")!, c.req.valid("param").id, await keepDefaultName(deps.db, "role", c.req.valid("param").id, c.req.valid("json"))))))
    .openapi(remove, async (c) => ok(c, await roles.remove(c.get("actor")!, c.req.valid("param").id)));
}
