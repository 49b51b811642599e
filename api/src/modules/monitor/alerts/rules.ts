import { badRequest, conflict, notFound, type Actor, type FieldError } from "@ops/shared";
import { SECURITY_DETECTORS, type AlertRecipients, type AlertRule, type SecurityDetector } from "@ops/shared/contracts/monitor.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow, paginate, Where, type ListQuery } from "../../../platform/db/query.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import type { SeriesReader } from "../ports.ts";
import type { RuleInput } from "./alerts.schema.ts";

export type RuleRow = {
  id: string; name: string; description: string; enabled: number | boolean; kind: "metric" | "security"; metric: string | null; detector: string | null;
  filters: string; agg: string; op: string; threshold: number | string; window_s: number | string; for_s: number | string; group_by: string; level: string;
  recipients: string; cooldown_s: number | string; escalation: string | null; notify_recovery: number | boolean; runbook_url: string | null;
  builtin: number | boolean; created_by: string | null; created_at: string; updated_at: string;
};

export function toRule(r: RuleRow): AlertRule {
  return {
    id: r.id, name: r.name, description: r.description, enabled: Boolean(Number(r.enabled)), kind: r.kind, metric: r.metric,
    detector: r.detector as SecurityDetector | null, filters: JSON.parse(r.filters), agg: r.agg as AlertRule["agg"], op: r.op as AlertRule["op"],
    threshold: Number(r.threshold), window_s: Number(r.window_s), for_s: Number(r.for_s), group_by: JSON.parse(r.group_by), level: r.level as AlertRule["level"],
    recipients: JSON.parse(r.recipients), cooldown_s: Number(r.cooldown_s), escalation: r.escalation ? JSON.parse(r.escalation) : null,
    notify_recovery: Boolean(Number(r.notify_recovery)), runbook_url: r.runbook_url, builtin: Boolean(Number(r.builtin)),
    created_by: r.created_by, created_at: r.created_at, updated_at: r.updated_at,
  };
}

const CHAT_ID = /^[A-Za-z0-9_\-:.@=]+$/;
const userOf = (actor: Actor | null) => (actor?.kind === "user" ? actor.userId : null);
export const invalidRule = (errors: FieldError[]) => badRequest("monitor.alerts.invalid", errors, errors[0]?.params);

/** Alert rules: CRUD with validation naming the field; the built-in security rules (one per detector) are seeded at start. */
export function createRules(deps: MonitorDeps, reader: SeriesReader) {
  const { db, clock } = deps;

  async function load(id: string): Promise<RuleRow> {
    const row = await db.get<RuleRow>("SELECT * FROM alert_rules WHERE id = ?", [id]);
    if (!row) throw notFound("monitor.alerts.rule_not_found", { id });
    return row;
  }

  async function checkRecipients(r: AlertRecipients, prefix: string, errors: FieldError[]) {
    if (r.users.length) {
      const found = new Set((await db.all<{ id: string }>(
        `SELECT id FROM users WHERE id IN (${r.users.map(() => "?").join(", ")}) AND status = 'active' AND deleted_at IS NULL`, r.users)).map((u) => u.id));
      r.users.forEach((u, i) => found.has(u) || errors.push({ field: `${prefix}.users[${i}]`, message: "monitor.alerts.unknown_user", params: { id: u } }));
    }
    if (r.roles.length) {
      const found = new Set((await db.all<{ id: string }>(`SELECT id FROM roles WHERE id IN (${r.roles.map(() => "?").join(", ")})`, r.roles)).map((x) => x.id));
      r.roles.forEach((x, i) => found.has(x) || errors.push({ field: `${prefix}.roles[${i}]`, message: "monitor.alerts.unknown_role", params: { id: x } }));
    }
    r.chats.forEach((c, i) => CHAT_ID.test(c.chat_id) || errors.push({ field: `${prefix}.chats[${i}].chat_id`, message: "monitor.alerts.bad_chat" }));
    const robots = r.robots ?? [];
    if (robots.length) {
      const found = new Set((await db.all<{ id: string }>(
        `SELECT id FROM notify_webhooks WHERE kind = 'wecom' AND id IN (${robots.map(() => "?").join(", ")})`, robots)).map((x) => x.id));
      robots.forEach((x, i) => found.has(x) || errors.push({ field: `${prefix}.robots[${i}]`, message: "monitor.alerts.unknown_robot", params: { id: x } }));
    }
    if (!r.users.length && !r.roles.length && !r.chats.length && !robots.length) errors.push({ field: `${prefix}.users`, message: "monitor.alerts.no_recipients" });
  }

  async function check(input: RuleInput, before: AlertRule | null): Promise<void> {
    const errors: FieldError[] = [];
    if (before?.builtin && (input.kind !== "security" || input.detector !== before.detector)) {
      errors.push({ field: input.kind !== "security" ? "kind" : "detector", message: "monitor.alerts.builtin_fixed" });
    }
    if (input.kind === "metric") {
      if (!input.metric) errors.push({ field: "metric", message: "monitor.alerts.metric_required" });
      else {
        const info = reader.info(input.metric, "zh-CN");
        if (!info) errors.push({ field: "metric", message: "monitor.alerts.unknown_metric", params: { metric: input.metric } });
        // node-scoped metrics carry `node` on every series whether or not the catalog lists it
        else input.group_by.forEach((l, i) => info.labels.includes(l) || (l === "node" && info.scope === "node") || errors.push({ field: `group_by[${i}]`, message: "monitor.alerts.unknown_label", params: { label: l } }));
      }
    } else if (!input.detector) errors.push({ field: "detector", message: "monitor.alerts.detector_required" });
    else if (!(SECURITY_DETECTORS as readonly string[]).includes(input.detector)) errors.push({ field: "detector", message: "monitor.alerts.unknown_detector", params: { detector: input.detector } });
    if (!Number.isFinite(input.threshold)) errors.push({ field: "threshold", message: "monitor.alerts.threshold_not_finite" });
    if (input.window_s < 60 || input.window_s > 86_400) errors.push({ field: "window_s", message: "monitor.alerts.window_range" });
    if (input.cooldown_s < 60) errors.push({ field: "cooldown_s", message: "monitor.alerts.cooldown_min" });
    await checkRecipients(input.recipients, "recipients", errors);
    if (input.escalation) {
      if (input.escalation.after_min < 1) errors.push({ field: "escalation.after_min", message: "monitor.alerts.escalation_min" });
      const e = input.escalation.recipients;
      if (e.users.length || e.roles.length || e.chats.length || e.robots?.length) await checkRecipients(e, "escalation.recipients", errors);
    }
    if (errors.length) throw invalidRule(errors);
  }

  const columns = ruleColumns;
  const insert = (input: RuleInput, by: string | null, builtin: boolean) => insertRule(db, clock.now(), input, by, builtin);

  return {
    load,
    get: async (id: string) => toRule(await load(id)),
    async list(q: ListQuery & { kind?: string; enabled?: string }) {
      const where = new Where().eq("kind", q.kind);
      if (q.enabled) where.add("enabled = ?", q.enabled === "true" ? 1 : 0);
      return paginate<RuleRow, AlertRule>(db, {
        select: "*", from: "alert_rules", where, query: q, sortable: { name: "name", level: "level", created_at: "created_at", updated_at: "updated_at" },
        defaultSort: "builtin DESC, name, id", map: toRule,
      });
    },
    async create(actor: Actor, input: RuleInput): Promise<AlertRule> {
      await check(input, null);
      const rule = await insert(input, userOf(actor), false);
      noteAudit({ resourceType: "alert_rule", resourceId: rule.id, after: rule });
      return rule;
    },
    async update(id: string, input: RuleInput): Promise<AlertRule> {
      const before = toRule(await load(id));
      await check(input, before);
      const cols = columns(input);
      const names = Object.keys(cols);
      await db.run(`UPDATE alert_rules SET ${names.map((n) => `${n} = ?`).join(", ")}, updated_at = ? WHERE id = ?`, [...Object.values(cols), iso(clock.now()), id]);
      const after = toRule(await load(id));
      noteAudit({ resourceType: "alert_rule", resourceId: id, before, after });
      return after;
    },
    async remove(id: string): Promise<void> {
      const before = toRule(await load(id));
      if (before.builtin) throw conflict("monitor.alerts.builtin_undeletable", { id });
      await db.run("DELETE FROM alert_rules WHERE id = ?", [id]);
      await db.run("DELETE FROM alert_pending WHERE rule_id = ?", [id]);
      noteAudit({ resourceType: "alert_rule", resourceId: id, before });
    },
    enabledOf: async (kind: "metric" | "security", detector?: string) =>
      (await db.all<RuleRow>(`SELECT * FROM alert_rules WHERE enabled = 1 AND kind = ?${detector ? " AND detector = ?" : ""} ORDER BY id`, detector ? [kind, detector] : [kind])).map(toRule),
    seedBuiltins: () => seedBuiltinRules(db, clock.now()),
  };
}

export type Rules = ReturnType<typeof createRules>;

/** The built-in security rules' defaults (seed 003): what a fresh install watches before anyone edits a rule. */
export const BUILTIN_SECURITY_RULES: Array<Pick<RuleInput, "name" | "description" | "threshold" | "window_s" | "level"> & { detector: SecurityDetector }> = [
  { detector: "login.many_addresses", name: "同一账号多地址登录", description: "一个账号在窗口内从超过阈值个不同地址登录", threshold: 5, window_s: 3600, level: "P2" },
  { detector: "login.failures_per_account", name: "账号登录失败过多", description: "一个账号在窗口内登录失败次数达到阈值", threshold: 10, window_s: 600, level: "P2" },
  { detector: "login.failures_per_address", name: "同一地址登录失败过多", description: "一个地址在窗口内登录失败次数达到阈值（可能是撞库）", threshold: 20, window_s: 600, level: "P1" },
  { detector: "mfa.disabled", name: "关闭了两步验证", description: "有用户关闭了两步验证或被管理员重置", threshold: 1, window_s: 60, level: "P2" },
  { detector: "role.admin_granted", name: "授予了超级管理员", description: "有人被授予了拥有全部权限的角色", threshold: 1, window_s: 60, level: "P1" },
  { detector: "audit.verify_failed", name: "审计日志校验失败", description: "审计日志链校验发现被篡改或缺失的记录", threshold: 1, window_s: 3600, level: "P0" },
];

function ruleColumns(input: RuleInput) {
  return {
    name: input.name, description: input.description, enabled: input.enabled ? 1 : 0, kind: input.kind,
    metric: input.kind === "metric" ? input.metric : null, detector: input.kind === "security" ? input.detector : null,
    filters: JSON.stringify(input.filters), agg: input.agg, op: input.op, threshold: input.threshold, window_s: input.window_s, for_s: input.for_s,
    group_by: JSON.stringify(input.group_by), level: input.level, recipients: JSON.stringify(input.recipients), cooldown_s: input.cooldown_s,
    escalation: input.escalation ? JSON.stringify(input.escalation) : null, notify_recovery: input.notify_recovery ? 1 : 0, runbook_url: input.runbook_url,
  };
}

/** Stores a rule as given (validated by the caller; the demo seeder's rules are known good). */
export async function insertRule(db: Db, at: Date, input: RuleInput, by: string | null, builtin: boolean): Promise<AlertRule> {
  const now = iso(at);
  const row = { id: newId(), ...ruleColumns(input), builtin: builtin ? 1 : 0, created_by: by, created_at: now, updated_at: now };
  await insertRow(db, "alert_rules", row);
  return toRule(row as RuleRow);
}

/** One built-in rule per detector, to the super admins, unless it exists (edits and disabling are kept). */
export async function seedBuiltinRules(db: Db, at: Date): Promise<void> {
  const admin = await db.get<{ id: string }>("SELECT id FROM roles WHERE code = 'super_admin'");
  for (const def of BUILTIN_SECURITY_RULES) {
    if (await db.get("SELECT id FROM alert_rules WHERE builtin = 1 AND detector = ?", [def.detector])) continue;
    const input: RuleInput = {
      ...def, kind: "security", enabled: true, metric: null, filters: {}, agg: "count", op: ">=", for_s: 0, group_by: [],
      recipients: { users: [], roles: admin ? [admin.id] : [], chats: [] }, cooldown_s: 3600, escalation: null, notify_recovery: false, runbook_url: null,
    };
    // another process seeding at once hits the unique built-in index: its row stands
    await db.run(
      `INSERT INTO alert_rules (id, ${Object.keys(ruleColumns(input)).join(", ")}, builtin, created_by, created_at, updated_at)
       VALUES (?, ${Object.keys(ruleColumns(input)).map(() => "?").join(", ")}, 1, NULL, ?, ?) ON CONFLICT DO NOTHING`,
      [newId(), ...Object.values(ruleColumns(input)), iso(at), iso(at)],
    );
  }
}
