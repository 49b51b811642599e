import { OpenAPIHono, z } from "@hono/zod-openapi";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import { ok } from "../../../http/envelope.ts";
import { validationHook } from "../../../http/validation.ts";
import type { AppEnv } from "../../../http/types.ts";
import { mfaCodeBody, mfaEnableSchema, mfaVerifyBody, passwordBody, recoveryCodesSchema, tokenDataSchema, totpSetupSchema } from "../auth.schema.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createMfaService } from "./mfa.service.ts";
import { verifyMfaLogin } from "./mfa-verify.ts";

// Binding MFA is what a session restricted to "mfa_setup" is for, so these accept it.
const own = { module: "iam", access: "user", allowRestricted: true, resourceType: "user" } as const;

const verify = defineRoute({
  method: "post", path: "/auth/mfa/verify", module: "iam", action: "auth.mfa.verify", access: "public",
  description: "登录第二步：提交 `/auth/login` 返回的 `mfa_token` 和动态码（TOTP）或一个恢复码，成功后返回令牌。", errors: [401, 423, 429],
  request: jsonBody(mfaVerifyBody),
  responses: okJson(tokenDataSchema),
});
const setup = defineRoute({
  ...own, method: "post", path: "/auth/mfa/totp/setup", action: "auth.mfa.setup",
  description: "开始绑定身份验证器 App：返回密钥、`otpauth://` 链接与二维码。", errors: [409],
  responses: okJson(totpSetupSchema),
});
const enable = defineRoute({
  ...own, method: "post", path: "/auth/mfa/totp/enable", action: "auth.mfa.enable",
  description: "用当前动态码完成绑定；返回恢复码（只显示这一次），对于仅限绑定两步验证的会话还返回新令牌。", errors: [409],
  request: jsonBody(mfaCodeBody),
  responses: okJson(mfaEnableSchema),
});
const disable = defineRoute({
  ...own, method: "post", path: "/auth/mfa/disable", action: "auth.mfa.disable",
  description: "解绑身份验证器（需密码；角色要求两步验证时拒绝）。", errors: [409],
  request: jsonBody(passwordBody),
  responses: okJson(z.object({ mfa_enabled: z.boolean() })),
});
const recoveryCodes = defineRoute({
  ...own, method: "post", path: "/auth/mfa/recovery-codes", action: "auth.mfa.recovery-codes",
  description: "重新生成恢复码（需密码），旧码作废；新码只显示这一次。", errors: [409],
  request: jsonBody(passwordBody),
  responses: okJson(recoveryCodesSchema),
});

export function mfaRoutes(deps: IamDeps) {
  const mfa = createMfaService(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(verify, async (c) => ok(c, await verifyMfaLogin(deps, c.req.valid("json"))))
    .openapi(setup, async (c) => ok(c, await mfa.setup(c.get("actor")!)))
    .openapi(enable, async (c) => ok(c, await mfa.enable(c.get("actor")!, c.req.valid("json").code)))
    .openapi(disable, async (c) => ok(c, await mfa.disable(c.get("actor")!, c.req.valid("json").password)))
    .openapi(recoveryCodes, async (c) => ok(c, await mfa.regenerateRecoveryCodes(c.get("actor")!, c.req.valid("json").password)));
}
