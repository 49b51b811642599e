import { t } from "@ops/shared";
import type { AlertRule, ConditionOp } from "@ops/shared/contracts/monitor.ts";
import { iso } from "../../../platform/clock.ts";
import type { Labels } from "../../../platform/observability.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import type { SeriesReader } from "../ports.ts";
import { formatValue } from "./notifier.ts";
import type { Rules } from "./rules.ts";
import type { Silences } from "./silences.ts";
import type { StateMachine } from "./state.ts";
import { fingerprintOf, type AlertRow, type AlertStore } from "./store.ts";

export function holds(value: number, op: ConditionOp, threshold: number): boolean {
  switch (op) {
    case ">": return value > threshold;
    case ">=": return value >= threshold;
    case "<": return value < threshold;
    case "<=": return value <= threshold;
    case "==": return value === threshold;
    case "!=": return value !== threshold;
  }
}

export type GroupValue = { labels: Labels; value: number | null; firing: boolean };

/**
 * The scheduler's evaluation pass. A lease row (`alert_leases`, claimed by a conditional UPDATE and released at the
 * end) lets one process run a pass at a time; inside it every write is still guarded (the open-fingerprint unique
 * index, conditional UPDATEs on the status or step they leave), so a pass that outlived its lease cannot double-fire.
 */
export function createEvaluator(deps: MonitorDeps, reader: SeriesReader, rules: Rules, store: AlertStore, silences: Silences, state: StateMachine) {
  const { db, clock } = deps;
  const holder = `${deps.node.id}:${Math.random().toString(36).slice(2)}`;
  const leaseMs = Math.max(60_000, 2 * (deps.options?.evaluateMs ?? 30_000));

  async function valuesOf(rule: AlertRule, at: Date): Promise<GroupValue[]> {
    if (rule.kind !== "metric" || !rule.metric) return [];
    const rows = await reader.aggregate({ metric: rule.metric, filters: rule.filters, groupBy: rule.group_by, windowMs: rule.window_s * 1000, agg: rule.agg, at });
    return rows.map((r) => ({ labels: r.labels, value: r.value, firing: r.value !== null && holds(r.value, rule.op, rule.threshold) }));
  }

  function summaryOf(rule: AlertRule, value: number | null): string {
    const unit = rule.metric ? reader.info(rule.metric, "zh-CN")?.unit : undefined;
    return t("zh-CN", "monitor.alerts.summary_metric", {
      metric: rule.metric, value: formatValue(value, unit) ?? "—", condition: `${rule.op} ${formatValue(rule.threshold, unit)}`,
      window: `${rule.agg} ${Math.round(rule.window_s / 60)} min`,
    });
  }

  /** `for_s`: the condition must hold that long; the first true evaluation is remembered in alert_pending. */
  async function heldLongEnough(rule: AlertRule, fingerprint: string, at: Date): Promise<boolean> {
    if (rule.for_s <= 0) return true;
    await db.run("INSERT INTO alert_pending (fingerprint, rule_id, since) VALUES (?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING", [fingerprint, rule.id, iso(at)]);
    const row = await db.get<{ since: string }>("SELECT since FROM alert_pending WHERE fingerprint = ?", [fingerprint]);
    return !!row && at.getTime() - new Date(row.since).getTime() >= rule.for_s * 1000;
  }

  async function evaluateRule(rule: AlertRule, at: Date): Promise<number> {
    let fired = 0;
    for (const g of await valuesOf(rule, at)) {
      const fingerprint = fingerprintOf(rule.id, g.labels);
      const open = await store.openOf(fingerprint);
      if (g.firing) {
        const opening = { labels: g.labels, value: g.value, summary: summaryOf(rule, g.value), at };
        if (open) await state.touch(open, opening);
        else if (await heldLongEnough(rule, fingerprint, at)) {
          const result = await state.open(rule, opening);
          if (result?.opened) fired++;
          await db.run("DELETE FROM alert_pending WHERE fingerprint = ?", [fingerprint]);
        }
      } else {
        await db.run("DELETE FROM alert_pending WHERE fingerprint = ?", [fingerprint]);
        // no points (null) is not a recovery: the metric may just not have been sampled
        if (open && g.value !== null) await state.resolve(null, open.id, null, g.value).catch(() => undefined);
      }
    }
    return fired;
  }

  /** Silenced alerts whose silences ended, open alerts a silence now covers; then repeats and escalations. */
  async function followUps(at: Date): Promise<void> {
    const open = await db.all<AlertRow>("SELECT * FROM alerts WHERE open_fingerprint IS NOT NULL ORDER BY fired_at");
    const byRule = new Map<string, AlertRule | null>();
    for (let a of open) {
      const until = await silences.activeUntil(a.rule_id, JSON.parse(a.labels));
      if (a.status === "silenced" && !until) {
        await state.unsilence(a);
        a = await store.load(a.id);
      } else if (a.status !== "silenced" && until) await state.silenceBy(a, until);
      if (a.status !== "firing" || until) continue;
      if (!byRule.has(a.rule_id)) byRule.set(a.rule_id, await rules.get(a.rule_id).catch(() => null));
      const rule = byRule.get(a.rule_id);
      if (!rule) continue;
      if (!(await state.escalateIfDue(a, rule, at))) await state.repeatIfDue(a, rule, at);
    }
  }

  return {
    valuesOf,
    /** One pass now; `null` when another process holds the lease. Returns the alerts opened. */
    async pass(): Promise<{ fired: number } | null> {
      const at = clock.now();
      const claimed = await db.all<{ name: string }>(
        "UPDATE alert_leases SET holder = ?, until = ? WHERE name = 'evaluate' AND until <= ? RETURNING name",
        [holder, iso(new Date(at.getTime() + leaseMs)), iso(at)],
      );
      if (!claimed.length) return null;
      let fired = 0;
      try {
        for (const rule of await rules.enabledOf("metric")) {
          try {
            fired += await evaluateRule(rule, at);
          } catch (e) {
            deps.logger.warn("alert rule evaluation failed", { rule_id: rule.id, err: e });
          }
        }
        await followUps(at);
      } finally {
        await db.run("UPDATE alert_leases SET until = ? WHERE name = 'evaluate' AND holder = ?", [iso(at), holder]);
      }
      return { fired };
    },
  };
}

export type Evaluator = ReturnType<typeof createEvaluator>;
