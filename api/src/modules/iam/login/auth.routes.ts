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
  summary: "Sign in with username and password; returns tokens, or mfa_required + mfa_token. 401 wrong credentials, 423 locked, 403 disabled, 429 rate limited",
  request: jsonBody(loginBody),
  responses: okJson(loginResultSchema),
});
const refresh = defineRoute({
  method: "post", path: "/auth/refresh", module: "iam", action: "auth.refresh", access: "public",
  summary: "Rotate the refresh token; a reused token ends its whole session",
  request: jsonBody(refreshBody),
  responses: okJson(tokenDataSchema),
});
const logout = defineRoute({
  method: "post", path: "/auth/logout", module: "iam", action: "auth.logout", access: "user", allowRestricted: true,
  resourceType: "session", summary: "End the current session",
  responses: okJson(z.object({ logged_out: z.boolean() })),
});
const changePassword = defineRoute({
  method: "post", path: "/auth/password", module: "iam", action: "auth.password.change", access: "user", allowRestricted: true,
  resourceType: "user", summary: "Change the own password; ends the other sessions and returns fresh tokens for this one",
  request: jsonBody(passwordChangeBody),
  responses: okJson(tokenDataSchema),
});
const passwordPolicy = defineRoute({
  method: "get", path: "/auth/password-policy", module: "iam", action: "auth.password-policy", access: "public",
  summary: "The password rules in force",
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
