import { OpenAPIHono, z } from "@hono/zod-openapi";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import { ok } from "../../../http/envelope.ts";
import { validationHook } from "../../../http/validation.ts";
import type { AppEnv } from "../../../http/types.ts";
import { loginBody, loginResultSchema, passwordChangeBody, passwordPolicySchema, refreshBody, tokenDataSchema } from "../auth.schema.ts";
import { createAuthService } from "./auth.service.ts";
import type { IamDeps } from "../iam.deps.ts";
import { changeOwnPassword, passwordPolicyOf, profileRoutes } from "../auth/index.ts";
import { loadSecurity } from "../settings/index.ts";


const login = defineRoute({
  method: "post", path: "/auth/login", module: "iam", action: "auth.login", access: "public",
  description: "用户名和密码登录。成功返回 `access_token` 与 `refresh_token`；开启两步验证的账号返回 `mfa_required: true` 与 `mfa_token`（再调用 `POST /api/v1/auth/mfa/verify`）。用户名或密码错误 401，账号已锁定 423，账号已停用 403，过于频繁 429。", errors: [401, 403, 423, 429],
  request: jsonBody(loginBody),
  responses: okJson(loginResultSchema),
});
const refresh = defineRoute({
  method: "post", path: "/auth/refresh", module: "iam", action: "auth.refresh", access: "public",
  description: "用刷新令牌换一组新令牌（刷新令牌轮换）；已用过的刷新令牌再次出现时，视为泄露，结束其整个会话。", errors: [401, 429],
  request: jsonBody(refreshBody),
  responses: okJson(tokenDataSchema),
});
const logout = defineRoute({
  method: "post", path: "/auth/logout", module: "iam", action: "auth.logout", access: "user", allowRestricted: true,
  resourceType: "session", description: "结束当前会话，令牌随即失效。",
  responses: okJson(z.object({ logged_out: z.boolean() })),
});
const changePassword = defineRoute({
  method: "post", path: "/auth/password", module: "iam", action: "auth.password.change", access: "user", allowRestricted: true,
  resourceType: "user", description: "修改自己的密码（需当前密码，新密码须符合密码策略）；结束其他会话，并为当前会话返回新令牌。",
  request: jsonBody(passwordChangeBody),
  responses: okJson(tokenDataSchema),
});
const passwordPolicy = defineRoute({
  method: "get", path: "/auth/password-policy", module: "iam", action: "auth.password-policy", access: "public",
  summary: "密码策略", description: "当前生效的密码规则：最小长度、字符类别、不得包含用户名、不得与最近几次相同、有效期。登录页与改密表单据此提示。",
  responses: okJson(passwordPolicySchema),
});

export function authRoutes(deps: IamDeps) {
  const auth = createAuthService(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(login, async (c) => {
      const body = c.req.valid("json");
      return ok(c, await auth.login(body.username, body.password, body.provider ?? "password"));
    })
    .openapi(refresh, async (c) => ok(c, await auth.refresh(c.req.valid("json").refresh_token)))
    .openapi(logout, async (c) => {
      const actor = c.get("actor")!;
      if (actor.sessionId) await auth.logout(actor.sessionId);
      return ok(c, { logged_out: true });
    })
    .openapi(changePassword, async (c) => {
      const body = c.req.valid("json");
      return ok(c, await changeOwnPassword(deps, c.get("actor")!, body.old_password, body.new_password));
    })
    .openapi(passwordPolicy, async (c) => ok(c, passwordPolicyOf(await loadSecurity(deps.db))))
    .route("/", profileRoutes(deps));
}
