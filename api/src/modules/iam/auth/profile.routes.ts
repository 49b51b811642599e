import { OpenAPIHono } from "@hono/zod-openapi";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import { ok } from "../../../http/envelope.ts";
import { validationHook } from "../../../http/validation.ts";
import type { AppEnv } from "../../../http/types.ts";
import { meSchema, profileBody } from "../auth.schema.ts";
import type { IamDeps } from "../iam.deps.ts";
import { getMe, updateMe } from "./profile.ts";
import { localizeUsers, nameLocale } from "../access/index.ts";

const me = defineRoute({
  method: "get", path: "/auth/me", module: "iam", action: "auth.me", access: "user", allowRestricted: true,
  summary: "当前用户", description: "当前登录用户的资料、有效权限码与限制（如须先修改密码、须先绑定两步验证）。",
  responses: okJson(meSchema),
});
const updateProfile = defineRoute({
  method: "put", path: "/auth/me", module: "iam", action: "auth.me.update", access: "user", resourceType: "user",
  description: "修改自己的显示名、邮箱、手机号或界面语言。",
  request: jsonBody(profileBody),
  responses: okJson(meSchema),
});

export function profileRoutes(deps: IamDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(me, async (c) => ok(c, await localizeUsers(deps.db, nameLocale(c), await getMe(deps, c.get("actor")!))))
    .openapi(updateProfile, async (c) => ok(c, await localizeUsers(deps.db, nameLocale(c), await updateMe(deps, c.get("actor")!, c.req.valid("json")))));
}
