import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createUserService } from "./users.service.ts";
import { localizeUsers, nameLocale } from "../access/index.ts";
import {
  createUserBody, idParam, resetPasswordBody, updateUserBody, userListQuery, userPageSchema, userSchema,
} from "./users.schema.ts";

const base = { module: "iam", resourceType: "user" } as const;

const list = defineRoute({
  ...base, method: "get", path: "/users", action: "user.list", access: "iam:user:list",
  summary: "List users (data-scoped; phone, email and id number masked without iam:user:unmask)",
  request: { query: userListQuery },
  responses: okJson(userPageSchema),
});
const get = defineRoute({
  ...base, method: "get", path: "/users/{id}", action: "user.get", access: "iam:user:list",
  summary: "One user (404 when outside the caller's data scope)",
  request: { params: idParam },
  responses: okJson(userSchema),
});
const create = defineRoute({
  ...base, method: "post", path: "/users", action: "user.create", access: "iam:user:create",
  summary: "Create a user; a generated initial password is returned once and must be changed at first sign-in",
  request: jsonBody(createUserBody),
  responses: okJson(userSchema.extend({ initial_password: z.string().optional() })),
});
const update = defineRoute({
  ...base, method: "put", path: "/users/{id}", action: "user.update", access: "iam:user:update",
  summary: "Edit a user (department and roles within the caller's scope and grants)",
  request: { params: idParam, ...jsonBody(updateUserBody) },
  responses: okJson(userSchema),
});
const remove = defineRoute({
  ...base, method: "delete", path: "/users/{id}", action: "user.delete", access: "iam:user:delete",
  summary: "Soft-delete a user and end their sessions",
  request: { params: idParam },
  responses: okJson(z.object({ id: z.string(), deleted: z.literal(true) })),
});
const resetPassword = defineRoute({
  ...base, method: "post", path: "/users/{id}/reset-password", action: "user.reset-password", access: "iam:user:reset-password",
  summary: "Set a temporary password (generated when absent, shown once); ends the user's sessions",
  request: { params: idParam, body: { content: { "application/json": { schema: resetPasswordBody } }, required: false } },
  responses: okJson(z.object({ password: z.string() })),
});
const unlock = defineRoute({
  ...base, method: "post", path: "/users/{id}/unlock", action: "user.unlock", access: "iam:user:unlock",
  summary: "Clear a lockout after failed sign-ins",
  request: { params: idParam },
  responses: okJson(userSchema),
});

export function usersRoutes(deps: IamDeps) {
  const users = createUserService(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await localizeUsers(deps.db, nameLocale(c), await users.list(c.get("actor")!, c.req.valid("query")))))
    .openapi(get, async (c) => ok(c, await localizeUsers(deps.db, nameLocale(c), await users.get(c.get("actor")!, c.req.valid("param").id))))
    .openapi(create, async (c) => ok(c, await localizeUsers(deps.db, nameLocale(c), await users.create(c.get("actor")!, c.req.valid("json"))), 201))
    .openapi(update, async (c) => ok(c, await localizeUsers(deps.db, nameLocale(c), await users.update(c.get("actor")!, c.req.valid("param").id, c.req.valid("json")))))
    .openapi(remove, async (c) => ok(c, await users.remove(c.get("actor")!, c.req.valid("param").id)))
    .openapi(resetPassword, async (c) =>
      ok(c, await users.resetPassword(c.get("actor")!, c.req.valid("param").id, c.req.valid("json").password)))
    .openapi(unlock, async (c) => ok(c, await users.unlock(c.get("actor")!, c.req.valid("param").id)));
}
