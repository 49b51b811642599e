import { OpenAPIHono, z } from "@hono/zod-openapi";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import { ok } from "../../../http/envelope.ts";
import { validationHook } from "../../../http/validation.ts";
import type { AppEnv } from "../../../http/types.ts";
import { loginResultSchema, passwordBody, tokenDataSchema } from "../auth.schema.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createSmsCodes } from "./sms-codes.ts";
import { createSmsLogin } from "./sms-login.ts";
import { createSmsFactor } from "./sms-factor.ts";

const phone = z.string().trim().regex(/^\+?[\d\s()-]{6,24}$/, "iam.sms_phone_invalid");
const code = z.string().trim().regex(/^\d{6}$/, "iam.sms_code_format");
const sentSchema = z.object({ sent: z.literal(true), phone: z.string(), expires_in: z.number() });
const own = { module: "iam", access: "user", allowRestricted: true, resourceType: "user" } as const;

const sendLogin = defineRoute({
  method: "post", path: "/auth/sms/send", module: "iam", action: "auth.sms.send", access: "public",
  summary: "发送短信登录验证码", errors: [429],
  description: "向该手机号发送 6 位登录验证码（5 分钟有效）。无论该号码是否属于某个账号，回答都相同；同一号码每分钟最多 5 次、每天 30 次，同一地址每分钟 20 次，超出 429。",
  request: jsonBody(z.object({ phone })),
  responses: okJson(sentSchema),
});
const smsLogin = defineRoute({
  method: "post", path: "/auth/sms/login", module: "iam", action: "auth.sms.login", access: "public",
  summary: "短信验证码登录", errors: [401, 403, 423],
  description: "手机号 + 验证码登录，与密码登录一样计入锁定、写登录日志；开启了身份验证器的账号随后还要两步验证。以短信作为唯一两步验证方式的账号不能用短信登录（403）。",
  request: jsonBody(z.object({ phone, code })),
  responses: okJson(loginResultSchema),
});
const sendChallenge = defineRoute({
  method: "post", path: "/auth/mfa/sms/send", module: "iam", action: "auth.mfa.sms.send", access: "public",
  summary: "发送两步验证短信", errors: [401, 409, 429],
  description: "登录第二步：用 `/auth/login` 返回的 `mfa_token` 请求把验证码发到账号绑定的手机，再以 `sms_code` 调用 `POST /auth/mfa/verify`。",
  request: jsonBody(z.object({ mfa_token: z.string().min(1).max(2000) })),
  responses: okJson(sentSchema),
});
const setup = defineRoute({
  ...own, method: "post", path: "/auth/mfa/sms/setup", action: "auth.mfa.sms.setup",
  summary: "开始绑定短信两步验证", errors: [400, 409, 429],
  description: "向本人资料中的手机号发送验证码，用于开启短信两步验证。",
  responses: okJson(sentSchema),
});
const enable = defineRoute({
  ...own, method: "post", path: "/auth/mfa/sms/enable", action: "auth.mfa.sms.enable",
  summary: "开启短信两步验证", errors: [400, 409],
  description: "用收到的验证码开启短信两步验证；角色要求两步验证时，身份验证器或短信任一即可满足。对于仅限绑定两步验证的会话还返回新令牌。",
  request: jsonBody(z.object({ code })),
  responses: okJson(z.object({ mfa_sms: z.literal(true), tokens: tokenDataSchema.optional() })),
});
const disable = defineRoute({
  ...own, method: "post", path: "/auth/mfa/sms/disable", action: "auth.mfa.sms.disable",
  summary: "关闭短信两步验证", errors: [403, 409],
  description: "关闭短信两步验证（需密码）；角色要求两步验证而又没有绑定身份验证器时拒绝。",
  request: jsonBody(passwordBody),
  responses: okJson(z.object({ mfa_sms: z.literal(false), mfa_enabled: z.boolean() })),
});

export function smsRoutes(deps: IamDeps) {
  const codes = createSmsCodes(deps);
  const login = createSmsLogin(deps, codes);
  const factor = createSmsFactor(deps, codes);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(sendLogin, async (c) => ok(c, await login.send(c.req.valid("json").phone)))
    .openapi(smsLogin, async (c) => {
      const body = c.req.valid("json");
      return ok(c, await login.login(body.phone, body.code));
    })
    .openapi(sendChallenge, async (c) => ok(c, await factor.sendForChallenge(c.req.valid("json").mfa_token)))
    .openapi(setup, async (c) => ok(c, await factor.setup(c.get("actor")!)))
    .openapi(enable, async (c) => ok(c, await factor.enable(c.get("actor")!, c.req.valid("json").code)))
    .openapi(disable, async (c) => ok(c, await factor.disable(c.get("actor")!, c.req.valid("json").password)));
}
