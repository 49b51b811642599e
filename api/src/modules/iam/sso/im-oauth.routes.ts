import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody, okJson } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { loginResultSchema } from "../auth.schema.ts";
import type { IamDeps } from "../iam.deps.ts";
import type { ImOAuthFlow } from "./im-oauth-flow.ts";
import { codeBody, identityParams, linkedIdentity } from "./im-oauth.schema.ts";
import { createLinkedIdentities } from "./linked-identities.ts";
import { providerParams } from "./sso.schema.ts";

const code = defineRoute({
  method: "post", path: "/auth/sso/{provider}/code", module: "iam", action: "sso.code", access: "public",
  summary: "应用内免登",
  description: "飞书、钉钉应用内打开时，登录页用其 JS SDK 取得免登授权码并提交到这里，换取令牌（或 `mfa_required` 与 `mfa_token`）。首次登录会绑定该聊天账号。",
  errors: [401, 403, 404, 429],
  request: { params: providerParams, ...jsonBody(codeBody) },
  responses: okJson(loginResultSchema),
});
const list = defineRoute({
  method: "get", path: "/auth/identities", module: "iam", action: "sso.identities", access: "user",
  summary: "我的关联账号", description: "我关联的外部账号：飞书、钉钉、企业微信、Slack、OIDC、LDAP，及关联时间。",
  responses: okJson(z.array(linkedIdentity)),
});
const unlink = defineRoute({
  method: "delete", path: "/auth/identities/{id}", module: "iam", action: "sso.unlink", access: "user", resourceType: "user",
  summary: "解除关联账号",
  description: "解除我的一个关联账号（之后不能再用它登录，机器人也不再认得它）。没有设置密码且这是唯一的登录方式时 409。",
  errors: [404, 409],
  request: { params: identityParams },
  responses: okJson(z.object({ unlinked: z.boolean() })),
});

export function imOAuthRoutes(deps: IamDeps, flow: ImOAuthFlow) {
  const identities = createLinkedIdentities(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(code, async (c) => ok(c, await flow.codeSignIn(c.req.valid("param").provider, c.req.valid("json").code)))
    .openapi(list, async (c) => ok(c, await identities.list(c.get("actor")!)))
    .openapi(unlink, async (c) => {
      await identities.unlink(c.get("actor")!, c.req.valid("param").id);
      return ok(c, { unlinked: true });
    });
}
