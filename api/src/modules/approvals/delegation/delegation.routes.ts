import { OpenAPIHono } from "@hono/zod-openapi";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { APPROVALS_VIEW } from "../approvals.deps.ts";
import { idParam } from "../approvals.schema.ts";
import { delegationBody, listDelegationsQuery } from "./delegation.schema.ts";
import type { Delegations } from "./delegation.service.ts";

const base = { module: "approvals", resourceType: "approval_delegation" } as const;

const list = defineRoute({
  ...base, access: APPROVALS_VIEW, method: "get", path: "/approval-delegations", action: "delegations.list", summary: "审批代理列表",
  description: "view=mine（默认：我委托出去的和别人委托给我的）|all（全部，需 approvals:design）；user_id（某人的，看他人的需 approvals:design）；state=active|scheduled|ended。",
  request: { query: listDelegationsQuery },
});
const create = defineRoute({
  ...base, access: APPROVALS_VIEW, method: "post", path: "/approval-delegations", action: "delegations.create", created: true, errors: [409],
  summary: "设置审批代理（不在期间）",
  description: "`{delegate_id, starts_at, ends_at, definitions?: [key], reason, user_id?}`：在 starts_at 至 ends_at 期间，本应分给我的审批任务改分给代理人（任务关系为 delegate，时间线显示「由 X 代理 Y」），代理人的处理按我的处理计入节点的会签/比例。" +
    "只代理一跳：代理人自己也不在时任务仍给代理人。代理人须存在且启用、不能是自己；结束须晚于开始且未过去；与我已有的代理在相同定义上时间重叠返回 409；代理人在重叠时间已把相同定义委托给我（互相代理）返回 409。" +
    "为他人设置（user_id）需 approvals:design。只影响此后新分配的任务。",
  request: jsonBody(delegationBody),
});
const remove = defineRoute({
  ...base, access: APPROVALS_VIEW, method: "delete", path: "/approval-delegations/{id}", action: "delegations.delete", summary: "取消审批代理",
  description: "删除自己的代理设置（他人的需 approvals:design）；已分给代理人的任务不变。", request: { params: idParam },
});

/** `/approval-delegations…` under /api/v1. */
export function delegationsRoutes(d: Delegations) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await d.list(c.get("actor") as UserActor, c.req.valid("query"))))
    .openapi(create, async (c) => ok(c, await d.create(c.get("actor") as UserActor, c.req.valid("json")), 201))
    .openapi(remove, async (c) => ok(c, await d.remove(c.get("actor") as UserActor, c.req.valid("param").id)));
}
