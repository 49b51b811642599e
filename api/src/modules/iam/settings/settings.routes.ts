import { OpenAPIHono } from "@hono/zod-openapi";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import { ok } from "../../../http/envelope.ts";
import { validationHook } from "../../../http/validation.ts";
import type { AppEnv } from "../../../http/types.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { IamDeps } from "../iam.deps.ts";
import { loadSecurity, saveSecurity, securitySettingsPatchSchema, securitySettingsSchema } from "./settings.ts";

const view = defineRoute({
  method: "get", path: "/settings/security", module: "iam", action: "settings.security.view", access: "iam:settings:view",
  summary: "Password, lockout, token and session settings",
  responses: okJson(securitySettingsSchema),
});
const update = defineRoute({
  method: "put", path: "/settings/security", module: "iam", action: "settings.security.update", access: "iam:settings:update",
  resourceType: "settings", summary: "Change security settings; omitted fields keep their value, unknown fields are refused",
  request: jsonBody(securitySettingsPatchSchema),
  responses: okJson(securitySettingsSchema),
});

export function settingsRoutes(deps: IamDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(view, async (c) => ok(c, await loadSecurity(deps.db)))
    .openapi(update, async (c) => {
      const before = await loadSecurity(deps.db);
      const after = securitySettingsSchema.parse({ ...before, ...c.req.valid("json") });
      await saveSecurity(deps.db, after, c.get("actor")!.userId, deps.clock.now());
      noteAudit({ resourceType: "settings", resourceId: "security", before, after });
      return ok(c, after);
    });
}
