import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { AppError, t } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { localeOf } from "../../../http/locale.ts";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { loginResultSchema } from "../auth.schema.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createImOAuthFlow } from "./im-oauth-flow.ts";
import { imOAuthRoutes } from "./im-oauth.routes.ts";
import { createOidcFlow } from "./oidc-flow.ts";
import { createSsoRegistry } from "./sso.registry.ts";
import { callbackQuery, exchangeBody, providerList, providerParams, startQuery } from "./sso.schema.ts";

/** Binds the OIDC state to the browser that started it, so nobody can finish a login in someone else's browser. */
const BINDING_COOKIE = "ops_sso_binding";
const COOKIE_PATH = "/api/v1/auth/sso";

const providers = defineRoute({
  method: "get", path: "/auth/providers", module: "iam", action: "sso.providers", access: "public",
  summary: "登录方式", description: "登录页可用的登录方式：密码，以及已配置的单点登录提供方。",
  responses: okJson(providerList),
});
const start = defineRoute({
  method: "get", path: "/auth/sso/{provider}/start", module: "iam", action: "sso.start", access: "public",
  description: "发起单点登录（OIDC、飞书、钉钉、企业微信）：302 跳转到身份提供方。这是浏览器跳转，不适合在本页试用。",
  request: { params: providerParams, query: startQuery },
  responses: { 302: { description: "跳转到身份提供方，出错时跳转到 `/login#sso_error=<code>`" } },
});
const callback = defineRoute({
  method: "get", path: "/auth/sso/{provider}/callback", module: "iam", action: "sso.callback", access: "public", auditRead: true,
  description: "单点登录回调地址（OIDC、飞书、钉钉、企业微信）：302 跳转到 `/login#sso_ticket=<ticket>`，失败时 `/login#sso_error=<code>`。",
  request: { params: providerParams, query: callbackQuery },
  responses: { 302: { description: "带着一次性票据或错误码跳回登录页" } },
});
const exchange = defineRoute({
  method: "post", path: "/auth/sso/exchange", module: "iam", action: "sso.exchange", access: "public",
  description: "用一次性的单点登录票据换取令牌（或 `mfa_required` 与 `mfa_token`）。", errors: [401, 429],
  request: jsonBody(exchangeBody),
  responses: okJson(loginResultSchema),
});

export function ssoRoutes(deps: IamDeps) {
  const registry = createSsoRegistry(deps.env, deps.logger);
  const oidcFlow = createOidcFlow(deps, registry);
  const imFlow = createImOAuthFlow(deps, registry);
  // Feishu, DingTalk and WeCom share the start and callback URLs with OIDC; the provider id picks the flow.
  const flowOf = (provider: string) => (registry.im(provider) ? imFlow : oidcFlow);
  const secureCookie = deps.env.OPS_PUBLIC_URL?.startsWith("https:") ?? false;

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(providers, (c) => {
      const locale = localeOf(c);
      return ok(c, registry.list(t(locale, "iam.sso_password_provider")).map((p) => (p.kind === "im" ? { ...p, name: t(locale, `iam.sso_provider_${p.id}`) } : p)));
    })
    .openapi(start, async (c) => {
      try {
        const provider = c.req.valid("param").provider;
        const { location, binding } = await flowOf(provider).start(provider, c.req.valid("query").redirect, new URL(c.req.url).origin);
        setCookie(c, BINDING_COOKIE, binding, { path: COOKIE_PATH, httpOnly: true, sameSite: "Lax", secure: secureCookie, maxAge: 600 });
        return redirect(c, location);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return redirect(c, oidcFlow.errorLocation(e.code));
      }
    })
    .openapi(callback, async (c) => {
      const query = new URL(c.req.url).searchParams;
      const provider = c.req.valid("param").provider;
      const location = await flowOf(provider).callback(provider, query, getCookie(c, BINDING_COOKIE));
      setCookie(c, BINDING_COOKIE, "", { path: COOKIE_PATH, httpOnly: true, sameSite: "Lax", secure: secureCookie, maxAge: 0 });
      return redirect(c, location);
    })
    .openapi(exchange, async (c) => ok(c, await oidcFlow.exchange(c.req.valid("json").ticket)))
    .route("/", imOAuthRoutes(deps, imFlow));
}

/** Redirects carry tickets in their fragment: keep them out of caches and Referer headers. */
function redirect(c: Context<AppEnv>, location: string) {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  return c.redirect(location, 302);
}
