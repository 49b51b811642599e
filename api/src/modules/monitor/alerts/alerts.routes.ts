import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Actor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { MONITOR_ACK, MONITOR_MANAGE, MONITOR_VIEW } from "../monitor.deps.ts";
import { alertListQuery, idParam, noteBody, ruleBody, ruleListQuery, silenceAlertBody, silenceBody, silenceListQuery } from "./alerts.schema.ts";
import type { AlertsService } from "./alerts.service.ts";

const rule = { module: "monitor", resourceType: "alert_rule" } as const;
const alert = { module: "monitor", resourceType: "alert" } as const;
const silence = { module: "monitor", resourceType: "alert_silence" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as Actor;

const RULE_DOC = "kind metric：metric 按 agg 在 window_s（60 秒–1 天）内聚合，按 group_by 分组与 threshold 比较（op），持续 for_s 秒后触发；kind security：detector 为安全检测项。level P0–P3；recipients 为用户、角色与群聊（chats: platform + chat_id）；cooldown_s ≥ 60 为未认领时的重复提醒间隔；escalation.after_min ≥ 1 分钟未认领时通知升级接收人并提升一级。";

const listRules = defineRoute({ ...rule, access: MONITOR_VIEW, method: "get", path: "/alert-rules", action: "rules.list", summary: "告警规则列表", description: "内置安全规则在前；`?kind=&enabled=` 过滤。", request: { query: ruleListQuery } });
const getRule = defineRoute({ ...rule, access: MONITOR_VIEW, method: "get", path: "/alert-rules/{id}", action: "rules.get", summary: "告警规则详情", request: { params: idParam } });
const createRule = defineRoute({ ...rule, access: MONITOR_MANAGE, method: "post", path: "/alert-rules", action: "rules.create", created: true, summary: "新建告警规则", description: RULE_DOC, request: jsonBody(ruleBody) });
const updateRule = defineRoute({ ...rule, access: MONITOR_MANAGE, method: "put", path: "/alert-rules/{id}", action: "rules.update", summary: "修改告警规则", description: `完整内容。内置规则的 kind 与 detector 不可改。${RULE_DOC}`, request: { params: idParam, ...jsonBody(ruleBody) } });
const deleteRule = defineRoute({ ...rule, access: MONITOR_MANAGE, method: "delete", path: "/alert-rules/{id}", action: "rules.delete", errors: [409], summary: "删除告警规则", description: "内置安全规则不能删除（409），可停用。", request: { params: idParam } });
const testRule = defineRoute({ ...rule, access: MONITOR_MANAGE, method: "post", path: "/alert-rules/{id}/test", action: "rules.test", summary: "试算告警规则", description: "现在按规则计算每个分组的值与是否满足条件（`groups: [{labels, value, firing}]`），不触发告警、不发送通知。", request: { params: idParam } });

const listAlerts = defineRoute({ ...alert, access: MONITOR_VIEW, method: "get", path: "/alerts", action: "alerts.list", summary: "告警列表", description: "`?status=firing,acknowledged,silenced,resolved|open&level=&rule_id=`；默认按触发时间倒序。", request: { query: alertListQuery } });
const getAlert = defineRoute({ ...alert, access: MONITOR_VIEW, method: "get", path: "/alerts/{id}", action: "alerts.get", summary: "告警详情", description: "含事件记录 events（触发、通知、升级、认领、静默、解决、恢复）。", request: { params: idParam } });
const ackAlert = defineRoute({ ...alert, access: MONITOR_ACK, method: "post", path: "/alerts/{id}/ack", action: "alerts.ack", errors: [409], summary: "认领告警", description: "firing → acknowledged，停止升级与重复提醒，所有卡片随之更新；其他状态 409（附当前状态）。", request: { params: idParam, ...jsonBody(noteBody) } });
const resolveAlert = defineRoute({ ...alert, access: MONITOR_ACK, method: "post", path: "/alerts/{id}/resolve", action: "alerts.resolve", errors: [409], summary: "解决告警", description: "手动关闭并发送恢复通知；条件仍满足时，冷却期后会开启新的告警。已解决 409。", request: { params: idParam, ...jsonBody(noteBody) } });
const silenceAlert = defineRoute({ ...alert, access: MONITOR_ACK, method: "post", path: "/alerts/{id}/silence", action: "alerts.silence", errors: [409], summary: "静默告警", description: "duration 为 1h、4h、24h 或分钟数（1–10080）；为该告警的规则与标签建立静默，期间不再通知；到期仍满足条件则恢复告警中。已解决 409。", request: { params: idParam, ...jsonBody(silenceAlertBody) } });

const listSilences = defineRoute({ ...silence, access: MONITOR_VIEW, method: "get", path: "/alert-silences", action: "silences.list", summary: "告警静默列表", description: "`?active=true|false`。", request: { query: silenceListQuery } });
const createSilence = defineRoute({ ...silence, access: MONITOR_MANAGE, method: "post", path: "/alert-silences", action: "silences.create", created: true, summary: "新建告警静默", description: "rule_id（空为任意规则）与 matchers（标签取值）匹配的告警在 ends_at 之前不通知。任意静默需要 monitor:manage；处理单个告警时用 POST /alerts/{id}/silence（monitor:ack）。", request: jsonBody(silenceBody) });
const expireSilence = defineRoute({ ...silence, access: MONITOR_ACK, method: "delete", path: "/alert-silences/{id}", action: "silences.expire", summary: "结束告警静默", description: "立即结束（记录保留）；被它静默且仍在进行的告警恢复为告警中或已认领。", request: { params: idParam } });

export function alertsRoutes(svc: AlertsService) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .openapi(listRules, async (c) => {
      await svc.seeded();
      return ok(c, await svc.rules.list(c.req.valid("query")));
    })
    .openapi(getRule, async (c) => ok(c, await svc.rules.get(c.req.valid("param").id)))
    .openapi(createRule, async (c) => ok(c, await svc.rules.create(me(c), c.req.valid("json")), 201))
    .openapi(updateRule, async (c) => ok(c, await svc.updateRule(c.req.valid("param").id, c.req.valid("json"))))
    .openapi(deleteRule, async (c) => {
      await svc.removeRule(c.req.valid("param").id);
      return ok(c, { deleted: true });
    })
    .openapi(testRule, async (c) => ok(c, await svc.testRule(c.req.valid("param").id)))
    .openapi(listAlerts, async (c) => ok(c, await svc.list(c.req.valid("query"))))
    .openapi(getAlert, async (c) => ok(c, await svc.get(c.req.valid("param").id)))
    .openapi(ackAlert, async (c) => ok(c, await svc.ack(me(c), c.req.valid("param").id, c.req.valid("json").note)))
    .openapi(resolveAlert, async (c) => ok(c, await svc.resolve(me(c), c.req.valid("param").id, c.req.valid("json").note)))
    .openapi(silenceAlert, async (c) => {
      const body = c.req.valid("json");
      return ok(c, await svc.silence(me(c), c.req.valid("param").id, body.duration, body.reason));
    })
    .openapi(listSilences, async (c) => ok(c, await svc.silences.list(c.req.valid("query"))))
    .openapi(createSilence, async (c) => ok(c, await svc.createSilence(me(c), c.req.valid("json")), 201))
    .openapi(expireSilence, async (c) => ok(c, await svc.expireSilence(c.req.valid("param").id)));
}
