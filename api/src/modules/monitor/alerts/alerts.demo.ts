import type { DemoSeeder } from "../../../demo/registry.ts";
import { addMs, iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { RuleInput } from "./alerts.schema.ts";
import { insertRule, seedBuiltinRules } from "./rules.ts";
import { fingerprintOf } from "./store.ts";

const MIN = 60_000;
const base = { description: "", enabled: true, kind: "metric" as const, detector: null, filters: {}, for_s: 0, group_by: [], notify_recovery: true, runbook_url: null };

async function roleIds(db: Db, codes: string[]): Promise<string[]> {
  return (await db.all<{ id: string }>(`SELECT id FROM roles WHERE code IN (${codes.map(() => "?").join(", ")}) ORDER BY code`, codes)).map((r) => r.id);
}

/**
 * Demo alerting: the built-in security rules, three metric rules (API 5xx ratio, job failure rate, process memory) to
 * the operations managers and developers with escalation to the admins, and two alerts to look at: one firing now,
 * one that recovered yesterday.
 */
export const alertsDemoSeeder: DemoSeeder = {
  name: "alerts",
  order: 150,
  async seed({ db, clock }) {
    const now = clock.now();
    await seedBuiltinRules(db, now);
    if (await db.get("SELECT id FROM alert_rules WHERE builtin = 0 LIMIT 1")) return;
    const team = { users: [], roles: await roleIds(db, ["ops_manager", "developer"]), chats: [] };
    const admins = { users: [], roles: await roleIds(db, ["super_admin"]), chats: [] };
    const rules: RuleInput[] = [
      { ...base, name: "API 5xx 比例过高", description: "接口 5xx 响应占比超过 5%（1 分钟）", metric: "api.error_rate", agg: "value", op: ">", threshold: 0.05, window_s: 60, level: "P1", recipients: team, cooldown_s: 1800, escalation: { after_min: 10, recipients: admins } },
      { ...base, name: "任务失败率过高", description: "作业运行失败率超过 20%（10 分钟）", metric: "jobs.failure_rate", agg: "value", op: ">", threshold: 0.2, window_s: 600, level: "P1", recipients: team, cooldown_s: 3600, escalation: { after_min: 30, recipients: admins } },
      { ...base, name: "进程内存过高", description: "单个进程常驻内存超过 1.5 GiB 持续 5 分钟", metric: "process.rss_bytes", agg: "avg", op: ">", threshold: 1.5 * 1024 ** 3, window_s: 300, for_s: 300, group_by: ["node"], level: "P2", recipients: team, cooldown_s: 7200, escalation: null },
    ];
    const [api5xx, jobs] = [await insertRule(db, now, rules[0]!, null, false), await insertRule(db, now, rules[1]!, null, false)];
    await insertRule(db, now, rules[2]!, null, false);
    const alert = async (rule: typeof api5xx, firedAt: Date, value: number, resolvedAt: Date | null, labels: Record<string, string>) => {
      const fp = fingerprintOf(rule.id, labels);
      const id = newId();
      await insertRow(db, "alerts", {
        id, rule_id: rule.id, rule_name: rule.name, kind: "metric", fingerprint: fp, open_fingerprint: resolvedAt ? null : fp, labels: JSON.stringify(labels),
        level: rule.level, status: resolvedAt ? "resolved" : "firing", title: rule.name, summary: `${rule.metric} 当前 ${Math.round(value * 1000) / 10} %，条件 > ${rule.threshold * 100} %`,
        value, last_value: value, threshold: rule.threshold, occurrences: resolvedAt ? 12 : 3, fired_at: iso(firedAt), last_seen_at: iso(resolvedAt ?? now),
        last_notified_at: iso(firedAt), notifications: 1, acknowledged_by: null, acknowledged_at: null, silenced_until: null, resolved_at: resolvedAt ? iso(resolvedAt) : null,
        resolved_by: null, escalation_step: 0, escalated_at: null, runbook_url: null,
      });
      const events: Array<[Date, string]> = [[firedAt, "fired"], [firedAt, "notified"], ...(resolvedAt ? [[resolvedAt, "recovered"] as [Date, string]] : [])];
      for (const [at, kind] of events) await insertRow(db, "alert_events", { id: newId(), alert_id: id, at: iso(at), kind, actor: null, actor_name: null, note: null, via: "system" });
    };
    await alert(jobs, addMs(now, -26 * 60 * MIN), 0.31, addMs(now, -25 * 60 * MIN), {});
    await alert(api5xx, addMs(now, -4 * MIN), 0.083, null, {});
  },
};
