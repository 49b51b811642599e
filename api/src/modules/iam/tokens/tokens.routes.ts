import { OpenAPIHono } from "@hono/zod-openapi";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody, okJson } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { apiToken, issuedToken, tokenBody, tokenIdParam, tokenPage, tokensQuery } from "./tokens.schema.ts";
import type { Tokens } from "./tokens.service.ts";

export const TOKENS_MANAGE = "iam:token:manage";
const base = { module: "iam", access: TOKENS_MANAGE, resourceType: "api_token" } as const;
const USE =
  "请求头 `Authorization: Bearer opst_…`。令牌只读：只能 GET/HEAD（其他方法 403 `auth.token_read_only`），只能访问权限在 scopes 内的接口" +
  "（其余 403），过期或吊销后下一次请求即 401。";

const list = defineRoute({
  ...base, method: "get", path: "/api-tokens", action: "token.list", summary: "API 令牌列表",
  description: "全部令牌（不含密钥），新的在前；status=live|revoked 筛选；排序 created_at|name|last_used_at|expires_at。",
  request: { query: tokensQuery }, responses: okJson(tokenPage),
});
const create = defineRoute({
  ...base, method: "post", path: "/api-tokens", action: "token.create", created: true, errors: [409, 422],
  summary: "新建 API 令牌",
  description:
    "`{name, scopes, labels?, expires_at?}`。scopes 只能是只读权限：目录中以 :view 或 :list 结尾的权限、`config:read:<表名>`、`config:read:*`，" +
    "且须是自己拥有的权限；写权限返回 422（`errors` 指明 `scopes.<i>`），未知或自己没有的返回 400；同名有效令牌 409。" +
    `labels 是配置灰度发布可匹配的消费者标签。令牌（opst_…）只在这次返回，只保存其 SHA-256。${USE}`,
  request: jsonBody(tokenBody), responses: okJson(issuedToken),
});
const remove = defineRoute({
  ...base, method: "delete", path: "/api-tokens/{id}", action: "token.revoke", errors: [409], summary: "吊销 API 令牌",
  description: "立即吊销：下一次使用即 401（每次请求都查库，无缓存）。已吊销的返回 409。", request: { params: tokenIdParam }, responses: okJson(apiToken),
});
const rotate = defineRoute({
  ...base, method: "post", path: "/api-tokens/{id}/rotate", action: "token.rotate", errors: [409], summary: "轮换 API 令牌",
  description: "为同一令牌（id、名称、scopes 不变）生成新密钥并只在这次返回；旧密钥立即失效。", request: { params: tokenIdParam }, responses: okJson(issuedToken),
});

/** API tokens for consumers and third parties (iam:token:manage), mounted under /api/v1 by IAM's routes. */
export function tokensRoutes(tokens: Tokens) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await tokens.list(c.req.valid("query"))))
    .openapi(create, async (c) => ok(c, await tokens.create(c.req.valid("json"), c.get("actor") as UserActor), 201))
    .openapi(remove, async (c) => ok(c, await tokens.revoke(c.req.valid("param").id)))
    .openapi(rotate, async (c) => ok(c, await tokens.rotate(c.req.valid("param").id)));
}
