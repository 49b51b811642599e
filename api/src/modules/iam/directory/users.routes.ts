import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ok, okText } from "../../../http/envelope.ts";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createUserService } from "./users.service.ts";
import { createUsersListCache } from "./users-list-cache.ts";
import { localizeUsers, nameLocale } from "../access/index.ts";
import {
  createUserBody, idParam, resetPasswordBody, updateUserBody, userListQuery, userPageSchema, userSchema,
} from "./users.schema.ts";

const base = { module: "iam", resourceType: "user" } as const;

const list = defineRoute({
  ...base, method: "get", path: "/users", action: "user.list", access: "iam:user:list",
  summary: "用户列表", description: "按数据范围列出用户，支持分页、排序与筛选；没有 `iam:user:unmask` 权限时，手机号、邮箱与证件号打码显示。",
  request: { query: userListQuery },
  responses: okJson(userPageSchema),
});
const get = defineRoute({
  ...base, method: "get", path: "/users/{id}", action: "user.get", access: "iam:user:list",
  summary: "用户详情", description: "单个用户（不在调用者数据范围内时 404）。",
  request: { params: idParam },
  responses: okJson(userSchema),
});
const create = defineRoute({
  ...base, method: "post", path: "/users", action: "user.create", created: true, access: "iam:user:create",
  description: "创建用户；未指定初始密码时自动生成并只返回这一次，用户首次登录须修改。用户名已存在 409。", errors: [409],
  request: jsonBody(createUserBody),
  responses: okJson(userSchema.extend({ initial_password: z.string().optional() })),
});
const update = defineRoute({
  ...base, method: "put", path: "/users/{id}", action: "user.update", access: "iam:user:update",
  description: "编辑用户；部门与角色须在调用者的数据范围与可授予范围内。", errors: [409],
  request: { params: idParam, ...jsonBody(updateUserBody) },
  responses: okJson(userSchema),
});
const remove = defineRoute({
  ...base, method: "delete", path: "/users/{id}", action: "user.delete", access: "iam:user:delete",
  description: "删除用户（软删除）并结束其所有会话。",
  request: { params: idParam },
  responses: okJson(z.object({ id: z.string(), deleted: z.literal(true) })),
});
const resetPassword = defineRoute({
  ...base, method: "post", path: "/users/{id}/reset-password", action: "user.reset-password", access: "iam:user:reset-password",
  description: "设置临时密码（未提供时自动生成，只显示这一次）；结束该用户的所有会话。",
  request: { params: idParam, body: { content: { "application/json": { schema: resetPasswordBody } }, required: false } },
  responses: okJson(z.object({ password: z.string() })),
});
const unlock = defineRoute({
  ...base, method: "post", path: "/users/{id}/unlock", action: "user.unlock", access: "iam:user:unlock",
  description: "解除因多次登录失败造成的锁定。",
  request: { params: idParam },
  responses: okJson(userSchema),
});

export function usersRoutes(deps: IamDeps) {
  const users = createUserService(deps);
  const listJson = createUsersListCache(deps, users);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => okText(c, await listJson(c.get("actor")!, c.req.valid("query"), nameLocale(c))))
    .openapi(get, async (c) => ok(c, await localizeUsers(deps.db, nameLocale(c), await users.get(c.get("actor")!, c.req.valid("param").id))))
    .openapi(create, async (c) => ok(c, await localizeUsers(deps.db, nameLocale(c), await users.create(c.get("actor")!, c.req.valid("json"))), 201))
    .openapi(update, async (c) => ok(c, await localizeUsers(deps.db, nameLocale(c), await users.update(c.get("actor")!, c.req.valid("param").id, c.req.valid("json")))))
    .openapi(remove, async (c) => ok(c, await users.remove(c.get("actor")!, c.req.valid("param").id)))
    .openapi(resetPassword, async (c) =>
      ok(c, await users.resetPassword(c.get("actor")!, c.req.valid("param").id, c.req.valid("json").password)))
    .openapi(unlock, async (c) => ok(c, await users.unlock(c.get("actor")!, c.req.valid("param").id)));
}
