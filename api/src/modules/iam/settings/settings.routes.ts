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
  summary: "查看安全设置", description: "密码、锁定、令牌与会话相关的安全设置（配置中心系统表 system-security 的记录 default）。",
  responses: okJson(securitySettingsSchema),
});
const update = defineRoute({
  method: "put", path: "/settings/security", module: "iam", action: "settings.security.update", access: "iam:settings:update",
  resourceType: "settings",
  description: "修改安全设置；未提供的字段保持原值，未知字段会被拒绝。安全设置保存在配置中心的系统表 system-security（记录 default）：每次修改生成该表的一个版本并立即生效。",
  request: jsonBody(securitySettingsPatchSchema),
  responses: okJson(securitySettingsSchema),
});

export function settingsRoutes(deps: IamDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(view, async (c) => ok(c, await loadSecurity(deps.db)))
    .openapi(update, async (c) => {
      const before = await loadSecurity(deps.db);
      const after = securitySettingsSchema.parse({ ...before, ...c.req.valid("json") });
      await saveSecurity(deps.db, after, c.get("actor")!);
      noteAudit({ resourceType: "settings", resourceId: "security", before, after });
      return ok(c, after);
    });
}
