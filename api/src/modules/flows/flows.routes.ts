import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { t, type UserActor } from "@ops/shared";
import { FLOW_NODE_TYPES, FLOW_RUN_STATUSES, TRIGGER_RULES } from "@ops/shared/contracts/flows.ts";
import { ok } from "../../http/envelope.ts";
import { localeOf } from "../../http/locale.ts";
import { defineRoute, jsonBody } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { FLOWS_MANAGE, FLOWS_RUN, FLOWS_VIEW } from "./flows.deps.ts";
import type { Flows } from "./flows.service.ts";
import {
  continueBody, createFlowBody, idParam, listFlowRunsQuery, listFlowsQuery, nextFiresQuery, nodeParam, runFlowBody, validateFlowBody, versionParam,
} from "./flow.schema.ts";

const base = { module: "flows", resourceType: "flow" } as const;
const runBase = { module: "flows", resourceType: "flow_run" } as const;
const ID_NOTE = "`{id}` 也可以是流程名称（聊天命令使用名称）。";
const BODY =
  "`{name, description, nodes, edges, params, owner_department_id, tags, alerts, schedule, misfire}`。schedule 与作业相同（`{cron, timezone}`、`{every_s}`、`{delay_s}`、`{at}` 或 null），由作业调度器触发（trigger cron，全局总开关同样生效，每个触发时刻只运行一次）；misfire: fire_once|skip|catch_up（最多补 10 次）；修改时缺省则保留原调度，调度变更从现在起算，不会补发或意外触发。alerts `{on_failure, wait_grace_s, recipients: {users, roles, owner}}`：运行失败时（以及等待节点等待超过 wait_grace_s 秒时）按告警周期通知一次，下次成功发送恢复通知；接收人同作业，且只发给数据范围包含流程所属部门的人（缺省：通知负责人；修改时缺省则保留原设置）。节点 `{key, name, type: " + FLOW_NODE_TYPES.join("|") +
  ", job, config, params, trigger_rule: " + TRIGGER_RULES.join("|") + ", condition, shards, timeout_s, retries, position}`：job 节点以名称或 ID 引用已保存的作业；" +
  "http/shell/sql/script 为内联步骤，config 按同类作业校验；condition 节点的 condition 为安全表达式（如 `nodes.A.output.count > 100`），其出边用 when: true|false 选择分支；" +
  "wait 节点等待人工继续或驳回。连线 `{from, to, when}`。字符串可用作业占位符及 `{nodes.<上游节点>.output…}`、`{params.<已声明参数>}`。" +
  "错误指明字段：`nodes[2].key`、`nodes[1].job`、`nodes[3].condition`、`edges[0].to`、`edges`（环，消息列出环上的节点）、`nodes[0].params.x`、`name`；出错时不保存任何内容。";

const list = defineRoute({
  ...base, access: FLOWS_VIEW, method: "get", path: "/flows", action: "list",
  summary: "流程列表", description: "调用者数据范围内的流程（按所属部门及创建人），每项带最近一次运行 `last_run`。筛选：q（名称或描述）、tag；排序 created_at|updated_at|name。",
  request: { query: listFlowsQuery },
});
const create = defineRoute({
  ...base, access: FLOWS_MANAGE, method: "post", path: "/flows", action: "create", created: true, errors: [409],
  summary: "新建流程", description: `${BODY} 名称全局唯一（重名 409）。新流程为版本 1。`, request: jsonBody(createFlowBody),
});
const validate = defineRoute({
  ...base, access: FLOWS_VIEW, method: "post", path: "/flows/validate", action: "validate", audit: false,
  summary: "校验流程图", description: "`{nodes, edges, params, name}` → `{ok, errors: [{field, message}]}`（200）：与保存相同的检查，供设计器即时提示；不保存任何内容。", request: jsonBody(validateFlowBody),
});
const get = defineRoute({ ...base, access: FLOWS_VIEW, method: "get", path: "/flows/{id}", action: "get", summary: "流程详情", description: `当前版本的定义。${ID_NOTE}`, request: { params: idParam } });
const update = defineRoute({
  ...base, access: FLOWS_MANAGE, method: "put", path: "/flows/{id}", action: "update", errors: [409],
  summary: "修改流程", description: `整体替换定义（字段同新建），每次保存生成新版本；进行中的运行继续使用其开始时的版本。${ID_NOTE}`,
  request: { params: idParam, ...jsonBody(createFlowBody) },
});
const remove = defineRoute({
  ...base, access: FLOWS_MANAGE, method: "delete", path: "/flows/{id}", action: "delete", errors: [409],
  summary: "删除流程", description: `删除定义及其全部版本；有未结束的运行时返回 409；历史运行记录保留。${ID_NOTE}`, request: { params: idParam },
});
const versions = defineRoute({
  ...base, access: FLOWS_VIEW, method: "get", path: "/flows/{id}/versions", action: "versions",
  summary: "流程版本列表", description: `全部版本（新的在前）：\`{flow_id, version, nodes, edges, params, created_by, created_by_name, created_at}\`。${ID_NOTE}`, request: { params: idParam },
});
const version = defineRoute({
  ...base, access: FLOWS_VIEW, method: "get", path: "/flows/{id}/versions/{version}", action: "version",
  summary: "流程版本详情", description: `某一版本的定义。${ID_NOTE}`, request: { params: versionParam },
});
const run = defineRoute({
  ...base, access: FLOWS_RUN, method: "post", path: "/flows/{id}/runs", action: "run", created: true,
  summary: "运行流程",
  description: `\`{params}\` 覆盖流程声明的参数默认值（未声明的参数返回 400），以当前版本开始一次运行并返回运行记录（含每个节点）。触发方式：聊天为 chat，API 令牌为 api，其余为 manual。${ID_NOTE}`,
  request: { params: idParam, ...jsonBody(runFlowBody) },
});
const pause = defineRoute({ ...base, access: FLOWS_MANAGE, method: "post", path: "/flows/{id}/pause", action: "pause", summary: "暂停流程调度", description: `停止调度触发（进行中的运行照常，手动运行仍可用）。${ID_NOTE}`, request: { params: idParam } });
const resume = defineRoute({ ...base, access: FLOWS_MANAGE, method: "post", path: "/flows/{id}/resume", action: "resume", summary: "恢复流程调度", description: `恢复调度，下次触发从现在算起，暂停期间错过的不补发。${ID_NOTE}`, request: { params: idParam } });
const nextFires = defineRoute({
  ...base, access: FLOWS_VIEW, method: "get", path: "/flows/{id}/next-fires", action: "next-fires",
  summary: "流程未来触发时间", description: `\`data.fires\`：接下来 count 次（默认 5，最多 50）触发的 ISO-8601 时刻（UTC），按调度时区计算；暂停或无调度时为空。固定延迟只知道下一次：上一次调度运行尚未结束时 fires 为空且 \`after_run\` 为 true。${ID_NOTE}`,
  request: { params: idParam, query: nextFiresQuery },
});
const runsList = defineRoute({
  ...runBase, access: FLOWS_VIEW, method: "get", path: "/flow-runs", action: "runs.list",
  summary: "流程运行记录", description: `调用者数据范围内的流程运行（按流程所属部门及触发人），不含节点明细。筛选：flow_id、status（可逗号分隔：${FLOW_RUN_STATUSES.join(" ")}）；排序 queued_at|started_at|finished_at|duration_ms。`,
  request: { query: listFlowRunsQuery },
});
const runGet = defineRoute({
  ...runBase, access: FLOWS_VIEW, method: "get", path: "/flow-runs/{id}", action: "runs.get",
  summary: "流程运行详情", description: "运行状态与每个节点：status（pending queued running waiting succeeded failed timed_out cancelled skipped upstream_failed）、背后的作业运行 run_ids（每个分片一个）、条件节点的 result、输出、错误、等待节点的处理人与意见、时间。",
  request: { params: idParam },
});
const runCancel = defineRoute({
  ...runBase, access: FLOWS_RUN, method: "post", path: "/flow-runs/{id}/cancel", action: "runs.cancel", errors: [409],
  summary: "取消流程运行", description: "运行立即以 cancelled 结束：未开始的节点取消，排队中和运行中的步骤通过作业引擎取消（运行中的最多等待 5 秒）。已结束的运行返回 409。",
  request: { params: idParam },
});
const runRetry = defineRoute({
  ...runBase, access: FLOWS_RUN, method: "post", path: "/flow-runs/{id}/retry", action: "runs.retry", errors: [409],
  summary: "从失败节点重试流程运行",
  description: "失败或已取消的运行在同一运行、同一版本上回到 running：失败、超时、上游失败、已取消的节点及其全部下游重新排队，已成功的节点保留状态与输出（下游的 `{nodes.X.output}` 仍可用）。之前的作业运行留在历史中。运行中或已成功的运行返回 409。",
  request: { params: idParam },
});
const runContinue = defineRoute({
  ...runBase, access: FLOWS_RUN, method: "post", path: "/flow-runs/{id}/nodes/{key}/continue", action: "runs.continue", errors: [409],
  summary: "处理等待节点", description: "`{decision: continue|reject, comment}`：继续则等待节点成功，驳回则失败，下游按触发规则继续。节点不在等待处理时返回 409。返回流程运行。",
  request: { params: nodeParam, ...jsonBody(continueBody) },
});

const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

/** `/flows…` and `/flow-runs…` under /api/v1. */
export function flowsRoutes(flows: Flows) {
  const d = flows.definitions;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(validate, async (c) => {
      // a 200 answer, so no error sink words it: its messages are put in the caller's language here, as a 400's are
      const r = await d.validate(me(c), c.req.valid("json"));
      const locale = localeOf(c);
      return ok(c, { ok: r.ok, errors: r.errors.map((e) => ({ field: e.field, message: t(locale, e.message, e.params) })) });
    })
    .openapi(list, async (c) => ok(c, await d.list(me(c), c.req.valid("query"))))
    .openapi(create, async (c) => ok(c, await d.create(me(c), c.req.valid("json")), 201))
    .openapi(get, async (c) => ok(c, await d.get(me(c), c.req.valid("param").id)))
    .openapi(update, async (c) => ok(c, await d.update(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(remove, async (c) => ok(c, await d.remove(me(c), c.req.valid("param").id)))
    .openapi(versions, async (c) => ok(c, await d.versions(me(c), c.req.valid("param").id)))
    .openapi(version, async (c) => {
      const p = c.req.valid("param");
      return ok(c, await d.version(me(c), p.id, p.version));
    })
    .openapi(pause, async (c) => ok(c, await flows.schedules.pause(me(c), c.req.valid("param").id)))
    .openapi(resume, async (c) => ok(c, await flows.schedules.resume(me(c), c.req.valid("param").id)))
    .openapi(nextFires, async (c) => ok(c, await flows.schedules.nextFires(me(c), c.req.valid("param").id, c.req.valid("query").count)))
    .openapi(run, async (c) => ok(c, await flows.runNow(me(c), c.req.valid("param").id, c.req.valid("json").params), 201))
    .openapi(runsList, async (c) => ok(c, await flows.runs.list(me(c), c.req.valid("query"))))
    .openapi(runGet, async (c) => ok(c, await flows.runs.get(me(c), c.req.valid("param").id)))
    .openapi(runCancel, async (c) => ok(c, await flows.runs.cancel(me(c), c.req.valid("param").id)))
    .openapi(runRetry, async (c) => ok(c, await flows.runs.retry(me(c), c.req.valid("param").id)))
    .openapi(runContinue, async (c) => {
      const p = c.req.valid("param");
      const body = c.req.valid("json");
      return ok(c, await flows.runs.decideWait(me(c), p.id, p.key, body.decision, body.comment));
    });
}
