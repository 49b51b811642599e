import { OpenAPIHono, z } from "@hono/zod-openapi";
import { forbidden } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, okJson } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { currentContext } from "../../../platform/context.ts";
import type { AuditSink } from "../../audit/index.ts";
import { imCredentialsSchema, type ImCredentials } from "./im-credentials.ts";
import { IM_TABLE } from "./system-tables.ts";

/** The read is audited by hand (only when something was answered): a start with no stored credentials leaves no row. */
const imCredentials = defineRoute({
  module: "config", access: "bot", audit: false, method: "get", path: "/config/system-im/bot-credentials", action: "system_im.read_by_bot",
  resourceType: "config_table",
  summary: "机器人读取即时通讯凭据",
  description:
    "机器人启动时读取系统设置表 system-im 中已启用的各平台凭据（密钥为明文），用于该平台未设置凭据环境变量的情况（环境变量优先）。" +
    "只接受机器人自身的凭证（`Authorization: Bot <key>`，且不代表任何聊天账号）；用户与 API 令牌一律拒绝。每次返回了凭据的读取都记入审计（只记平台，不记密钥）。",
  responses: okJson(z.object({ platforms: z.array(imCredentialsSchema) })),
});

export function systemRoutes(o: { imCredentials: () => Promise<ImCredentials[]>; audit?: Pick<AuditSink, "recordRequest"> }) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(imCredentials, async (c) => {
    // The bot's own credential only: a chat account speaking through the bot is a user, who never reads secrets.
    if (c.get("chat") || c.get("actor")) throw forbidden("config.system_im_bot_only");
    const platforms = await o.imCredentials();
    const ctx = currentContext();
    if (platforms.length && ctx && o.audit) {
      await o.audit.recordRequest({
        ctx: { ...ctx, auditNotes: [{ resourceType: "config_table", resourceId: IM_TABLE, after: { platforms: platforms.map((p) => p.platform) } }] },
        method: "GET", path: c.req.path, status: 200, durationMs: 0, module: "config", action: "system_im.read_by_bot", resourceType: "config_table",
      });
    }
    return ok(c, { platforms });
  });
}
