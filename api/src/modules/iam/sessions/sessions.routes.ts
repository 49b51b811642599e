import { OpenAPIHono, z } from "@hono/zod-openapi";
import { defineRoute, okJson } from "../../../http/route.ts";
import { ok } from "../../../http/envelope.ts";
import { validationHook } from "../../../http/validation.ts";
import type { AppEnv } from "../../../http/types.ts";
import { idParam, mySessionSchema, onlineSessionSchema, onlineSessionsQuery, userIdParam } from "../auth.schema.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createSessionAdmin } from "./session-admin.ts";

const mine = defineRoute({
  method: "get", path: "/auth/sessions", module: "iam", action: "session.list-mine", access: "user",
  summary: "我的会话", description: "当前用户未结束的会话（设备），标出当前这一个。",
  responses: okJson(z.object({ items: z.array(mySessionSchema) })),
});
const endMine = defineRoute({
  method: "delete", path: "/auth/sessions/{id}", module: "iam", action: "session.end-mine", access: "user", resourceType: "session",
  description: "结束自己的某个会话（别人的会话一律 404）。",
  request: { params: idParam },
  responses: okJson(z.object({ ended: z.boolean() })),
});
const online = defineRoute({
  method: "get", path: "/auth/online-sessions", module: "iam", action: "session.list", access: "iam:session:list",
  summary: "在线会话", description: "数据范围内用户的在线会话。",
  request: { query: onlineSessionsQuery },
  responses: okJson(z.object({ items: z.array(onlineSessionSchema), total: z.number(), page: z.number(), page_size: z.number(), pages: z.number() })),
});
const kick = defineRoute({
  method: "delete", path: "/auth/online-sessions/{id}", module: "iam", action: "session.kick", access: "iam:session:kick", resourceType: "session",
  description: "强制某个会话下线。",
  request: { params: idParam },
  responses: okJson(z.object({ ended: z.boolean() })),
});
const kickUser = defineRoute({
  method: "delete", path: "/auth/online-users/{user_id}", module: "iam", action: "session.kick-user", access: "iam:session:kick", resourceType: "user",
  description: "强制某用户的所有会话下线。",
  request: { params: userIdParam },
  responses: okJson(z.object({ ended: z.number() })),
});

export function sessionsRoutes(deps: IamDeps) {
  const sessions = createSessionAdmin(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(mine, async (c) => ok(c, await sessions.listMine(c.get("actor")!)))
    .openapi(endMine, async (c) => ok(c, await sessions.endMine(c.get("actor")!, c.req.valid("param").id)))
    .openapi(online, async (c) => ok(c, await sessions.listOnline(c.get("actor")!, c.req.valid("query"))))
    .openapi(kick, async (c) => ok(c, await sessions.kickSession(c.get("actor")!, c.req.valid("param").id)))
    .openapi(kickUser, async (c) => ok(c, await sessions.kickUser(c.get("actor")!, c.req.valid("param").user_id)));
}
