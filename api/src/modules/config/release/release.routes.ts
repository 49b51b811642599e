import { OpenAPIHono } from "@hono/zod-openapi";
import type { UserActor } from "@ops/shared";
import type { Context } from "hono";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { CONFIG_EDIT, CONFIG_EMERGENCY, CONFIG_PUBLISH, CONFIG_VIEW } from "./release.deps.ts";
import { changeSetBody, changeSetsQuery, idParam, reasonBody, releaseBody, releaseParam, releasesQuery, tableParam } from "./release.schema.ts";
import type { ConfigReleaseService } from "./release.service.ts";

const sets = { module: "config", resourceType: "config_change_set" } as const;
const rels = { module: "config", resourceType: "config_release" } as const;
const GRAY = "gray `{percent?: 0–100（按消费者名称稳定哈希到 0–99）, consumers?: [名称], labels?: [标签]}`，命中任一条件的消费者拿到灰度版本，其余消费者仍拿当前全量发布。";

const listSets = defineRoute({
  ...sets, access: CONFIG_VIEW, method: "get", path: "/config/change-sets", action: "change-sets.list", summary: "配置变更集列表",
  description: "新的在前。筛选：table、status（pending|approved|rejected|withdrawn|scheduled|released|failed）、mine=1（我提交的）。", request: { query: changeSetsQuery },
});
const getSet = defineRoute({
  ...sets, access: CONFIG_VIEW, method: "get", path: "/config/change-sets/{id}", action: "change-sets.get", summary: "配置变更集详情",
  description: "变更内容、提交时对当前状态的 diff（审批人看到的内容）、审批 ID、状态，以及发布后对应的版本与发布号。", request: { params: idParam },
});
const createSet = defineRoute({
  ...sets, access: CONFIG_EDIT, method: "post", path: "/config/tables/{table}/change-sets", action: "change-sets.create", created: true, errors: [422],
  summary: "提交配置变更集",
  description: `\`{changes: [{op: create|update|delete, …}], reason, release_at?, ${"gray?"}}\`：校验后保存变更集并提交审批（默认审批定义 config-release，审批人为除作者外拥有「发布配置」权限的人），此时不应用任何修改。审批通过后基于当时的最新状态应用为一个新版本并发布（release_at 为将来时刻时到点发布）。${GRAY} 校验失败返回 422，错误指明 \`changes[i].values.<字段>\`，不保存任何内容。需要表的写入角色。`,
  request: { params: tableParam, ...jsonBody(changeSetBody) },
});
const withdrawSet = defineRoute({
  ...sets, access: CONFIG_EDIT, method: "post", path: "/config/change-sets/{id}/withdraw", action: "change-sets.withdraw", errors: [409],
  summary: "撤回配置变更集", description: "只有作者可撤回待审批的变更集；其审批同时撤回。不是待审批状态返回 409。", request: { params: idParam },
});
const emergency = defineRoute({
  ...sets, access: CONFIG_EMERGENCY, method: "post", path: "/config/change-sets/{id}/emergency-publish", action: "change-sets.emergency-publish", errors: [409, 422],
  summary: "紧急发布配置变更集",
  description: "`{reason}`：跳过审批，立即应用并全量发布（审批被撤回）；记入审计，通知表的订阅人与所属部门负责人。变更已无法应用时变更集变为 failed 并附错误，不做任何修改。",
  request: { params: idParam, ...jsonBody(reasonBody) },
});
const listReleases = defineRoute({
  ...rels, access: CONFIG_VIEW, method: "get", path: "/config/tables/{table}/releases", action: "releases.list", summary: "配置发布记录",
  description: "按发布号倒序。status：gray 灰度中、full 全量（当前）、aborted 已终止、superseded 已被取代。", request: { params: tableParam, query: releasesQuery },
});
const getRelease = defineRoute({
  ...rels, access: CONFIG_VIEW, method: "get", path: "/config/tables/{table}/releases/{n}", action: "releases.get", summary: "配置发布详情",
  description: "一个发布：版本、状态、灰度规则、来源（变更集、自动、手动、回滚、紧急）。", request: { params: releaseParam },
});
const createRelease = defineRoute({
  ...rels, access: CONFIG_PUBLISH, method: "post", path: "/config/tables/{table}/releases", action: "releases.create", created: true, errors: [409],
  summary: "手动发布配置",
  description: `\`{note?, gray?}\`：发布表的最新版本（无需审批的表，或重新发布）。${GRAY} 已有灰度发布进行中时返回 409，须先全量或终止；表还没有数据时返回 409。`,
  request: { params: tableParam, ...jsonBody(releaseBody) },
});
const promote = defineRoute({
  ...rels, access: CONFIG_PUBLISH, method: "post", path: "/config/tables/{table}/releases/{n}/promote", action: "releases.promote", errors: [409],
  summary: "灰度转全量", description: "灰度发布变为全量，之前的全量发布被取代。不是灰度中返回 409。", request: { params: releaseParam },
});
const abort = defineRoute({
  ...rels, access: CONFIG_PUBLISH, method: "post", path: "/config/tables/{table}/releases/{n}/abort", action: "releases.abort", errors: [409],
  summary: "终止灰度发布",
  description: "`{reason}`：灰度发布终止，所有消费者继续使用之前的全量发布；表的记录恢复到该全量发布的版本（记为一个 abort 版本）。不是灰度中返回 409。",
  request: { params: releaseParam, ...jsonBody(reasonBody) },
});

const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

/** Change sets and releases, mounted under /api/v1 through the config routes. */
export function releaseRoutes(r: ConfigReleaseService) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listSets, async (c) => ok(c, await r.changeSets.list(me(c), c.req.valid("query"))))
    .openapi(getSet, async (c) => ok(c, await r.changeSets.get(me(c), c.req.valid("param").id)))
    .openapi(createSet, async (c) => ok(c, await r.submit(me(c), c.req.valid("param").table, c.req.valid("json")), 201))
    .openapi(withdrawSet, async (c) => ok(c, await r.changeSets.withdraw(me(c), c.req.valid("param").id)))
    .openapi(emergency, async (c) => ok(c, await r.changeSets.emergency(me(c), c.req.valid("param").id, c.req.valid("json").reason)))
    .openapi(listReleases, async (c) => ok(c, await r.listReleases(me(c), c.req.valid("param").table, c.req.valid("query"))))
    .openapi(getRelease, async (c) => ok(c, await r.getRelease(me(c), c.req.valid("param").table, c.req.valid("param").n)))
    .openapi(createRelease, async (c) => ok(c, await r.releaseNow(me(c), c.req.valid("param").table, c.req.valid("json")), 201))
    .openapi(promote, async (c) => ok(c, await r.promote(me(c), c.req.valid("param").table, c.req.valid("param").n)))
    .openapi(abort, async (c) => ok(c, await r.abort(me(c), c.req.valid("param").table, c.req.valid("param").n, c.req.valid("json").reason)));
}
