import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { defineRoute, okJson } from "../../http/route.ts";
import { ok } from "../../http/envelope.ts";
import { validationHook } from "../../http/validation.ts";
import type { AppEnv } from "../../http/types.ts";
import { loginBody, refreshBody } from "./auth.schema.ts";
import { createAuthService } from "./auth.service.ts";
import type { IamDeps } from "./iam.deps.ts";

const json = <T>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });

const login = defineRoute({
  method: "post", path: "/auth/login", module: "iam", action: "auth.login", access: "public",
  summary: "Sign in with username and password; returns tokens, or mfa_required + mfa_token",
  request: json(loginBody),
});
const refresh = defineRoute({
  method: "post", path: "/auth/refresh", module: "iam", action: "auth.refresh", access: "public",
  summary: "Rotate the refresh token; a reused token ends its whole session",
  request: json(refreshBody),
});
const logout = defineRoute({
  method: "post", path: "/auth/logout", module: "iam", action: "auth.logout", access: "user", allowRestricted: true,
  summary: "End the current session",
});
const me = defineRoute({
  method: "get", path: "/auth/me", module: "iam", action: "auth.me", access: "user", allowRestricted: true,
  summary: "The signed-in user, effective permissions and restrictions",
  responses: okJson(
    z.object({
      id: z.string(), username: z.string(), display_name: z.string(), dept_id: z.string().nullable(), locale: z.string(),
      role_ids: z.array(z.string()), permissions: z.array(z.string()), session_id: z.string().nullable(),
      restricted: z.enum(["password_change", "mfa_setup"]).nullable(),
    }),
  ),
});

export function authRoutes(deps: IamDeps) {
  const auth = createAuthService(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(login, async (c) => {
      const body = c.req.valid("json");
      return ok(c, await auth.login(body.username, body.password));
    })
    .openapi(refresh, async (c) => ok(c, await auth.refresh(c.req.valid("json").refresh_token)))
    .openapi(logout, async (c) => {
      const actor = c.get("actor")!;
      if (actor.sessionId) await auth.logout(actor.sessionId);
      return ok(c, { logged_out: true });
    })
    .openapi(me, async (c) => {
      const a = c.get("actor")!;
      return ok(c, {
        id: a.userId, username: a.username, display_name: a.displayName, dept_id: a.deptId, locale: a.locale,
        role_ids: a.roleIds, permissions: a.permissions, session_id: a.sessionId, restricted: a.restricted ?? null,
      });
    });
}
