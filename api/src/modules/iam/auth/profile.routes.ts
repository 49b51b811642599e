import { OpenAPIHono } from "@hono/zod-openapi";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import { ok } from "../../../http/envelope.ts";
import { validationHook } from "../../../http/validation.ts";
import type { AppEnv } from "../../../http/types.ts";
import { meSchema, profileBody } from "../auth.schema.ts";
import type { IamDeps } from "../iam.deps.ts";
import { getMe, updateMe } from "./profile.ts";

const me = defineRoute({
  method: "get", path: "/auth/me", module: "iam", action: "auth.me", access: "user", allowRestricted: true,
  summary: "The signed-in user, effective permissions and restrictions",
  responses: okJson(meSchema),
});
const updateProfile = defineRoute({
  method: "put", path: "/auth/me", module: "iam", action: "auth.me.update", access: "user", resourceType: "user",
  summary: "Change the own display name, e-mail, phone or language",
  request: jsonBody(profileBody),
  responses: okJson(meSchema),
});

export function profileRoutes(deps: IamDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(me, async (c) => ok(c, await getMe(deps, c.get("actor")!)))
    .openapi(updateProfile, async (c) => ok(c, await updateMe(deps, c.get("actor")!, c.req.valid("json"))));
}
