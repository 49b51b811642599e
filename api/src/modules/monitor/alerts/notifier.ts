import { t } from "@ops/shared";
import type { AlertCardData, AlertRecipients, AlertRule, MetricUnit } from "@ops/shared/contracts/monitor.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import type { SeriesReader } from "../ports.ts";
import type { AlertRow } from "./store.ts";

const LOCALE = "zh-CN" as const;

/** A value with its unit as people read it: ratios as percentages, bytes in MiB, durations with their unit. */
export function formatValue(v: number | null, unit: MetricUnit | undefined): string | null {
  if (v === null || !Number.isFinite(v)) return null;
  const round = (x: number) => String(Math.round(x * 100) / 100);
  switch (unit) {
    case "ratio": return `${round(v * 100)} %`;
    case "percent": return `${round(v)} %`;
    case "bytes": return `${round(v / 1_048_576)} MiB`;
    case "seconds": return `${round(v)} s`;
    case "ms": return `${round(v)} ms`;
    case "per_second": return `${round(v)}/s`;
    default: return round(v);
  }
}

/**
 * Who hears of an alert and the card they see. Users and role holders get one notice each through notify (in-app
 * inbox, IM card recorded against alert/<id> by the bot from data.alertId, e-mail/SMS per their preferences); each chat
 * group gets a card through postToChat, recorded against the same entity. Every change refreshes all copies in place.
 */
export function createNotifier(deps: MonitorDeps, reader: SeriesReader) {
  const unitOf = (rule: AlertRule | null) => (rule?.metric ? reader.info(rule.metric, LOCALE)?.unit : undefined);

  async function usersOf(r: AlertRecipients): Promise<string[]> {
    const out = new Set<string>();
    if (r.users.length) {
      const rows = await deps.db.all<{ id: string }>(
        `SELECT id FROM users WHERE id IN (${r.users.map(() => "?").join(", ")}) AND status = 'active' AND deleted_at IS NULL`, r.users);
      for (const u of rows) out.add(u.id);
    }
    for (const role of r.roles) for (const id of await deps.usersOfRole(role)) out.add(id);
    return [...out].sort();
  }

  async function cardOf(a: AlertRow, rule: AlertRule | null, extra: Partial<AlertCardData> = {}): Promise<AlertCardData> {
    const unit = unitOf(rule);
    const acker = a.acknowledged_by ? await deps.db.get<{ display_name: string }>("SELECT display_name FROM users WHERE id = ?", [a.acknowledged_by]) : undefined;
    const threshold = a.threshold === null ? null : Number(a.threshold);
    return {
      alertId: a.id, title: a.title, level: a.level, status: a.status, source: a.rule_name, firedAt: a.fired_at, resolvedAt: a.resolved_at,
      value: formatValue(a.last_value === null ? null : Number(a.last_value), unit),
      condition: rule && threshold !== null ? `${rule.op} ${formatValue(threshold, unit)}` : null,
      labels: JSON.parse(a.labels), description: a.summary, acknowledgedBy: acker?.display_name ?? null, silencedUntil: a.silenced_until,
      occurrences: Number(a.occurrences), escalationStep: Number(a.escalation_step), runbookUrl: a.runbook_url,
      link: `/monitor/alerts/${a.id}`, timeZone: "Asia/Shanghai", ...extra,
    };
  }

  /** One notice per user; `chats` also get a card (fire, repeat, escalation). Returns how many were reached. */
  async function send(a: AlertRow, rule: AlertRule | null, to: AlertRecipients, title: string, opts: { chats: boolean; key: string; extra?: Partial<AlertCardData> }) {
    const card = await cardOf(a, rule, opts.extra);
    const users = await usersOf(to);
    // group robots read the notice as markdown (notify's webhook delivery), beside the users' cards
    const robots = opts.chats || opts.extra?.recovered || a.status === "resolved" ? (to.robots ?? []) : [];
    if (users.length || robots.length) {
      await deps.sender.send({
        type: opts.extra?.recovered || a.status === "resolved" ? "monitor.alert_resolved" : "monitor.alert",
        recipients: users, ...(robots.length ? { webhooks: robots } : {}), critical: a.status !== "resolved" && (a.level === "P0" || a.level === "P1"),
        data: { card: "alert", ...card, title, alert_title: a.title, body: a.summary, url: card.link, alert_id: a.id },
      });
    }
    let chats = 0;
    if (opts.chats) {
      for (const c of to.chats) {
        try {
          await deps.cards.postToChat({ platform: c.platform, chatId: c.chat_id, locale: LOCALE, card: { kind: "alert", data: card }, entity: { type: "alert", id: a.id } }, `${opts.key}:${c.platform}:${c.chat_id}`);
          chats++;
        } catch (e) {
          deps.logger.warn("alert card to chat failed", { alert_id: a.id, platform: c.platform, chat_id: c.chat_id, err: e });
        }
      }
    }
    return { users: users.length, chats };
  }

  const vars = (a: AlertRow, more: Record<string, unknown> = {}) => ({ level: a.level, title: a.title, ...more });
  return {
    usersOf,
    cardOf,
    fire: (a: AlertRow, rule: AlertRule, n: number) =>
      send(a, rule, rule.recipients, t(LOCALE, "monitor.alerts.notice_title", vars(a)), { chats: true, key: `alert:${a.id}:fire:${n}` }),
    repeat: (a: AlertRow, rule: AlertRule, n: number) =>
      send(a, rule, rule.recipients, t(LOCALE, "monitor.alerts.notice_repeat", vars(a)), { chats: true, key: `alert:${a.id}:repeat:${n}` }),
    escalate: (a: AlertRow, rule: AlertRule, to: AlertRecipients) =>
      send(a, rule, to, t(LOCALE, "monitor.alerts.notice_escalated", vars(a, { step: a.escalation_step })), { chats: true, key: `alert:${a.id}:escalate:${a.escalation_step}` }),
    /** The closing notice to the rule's recipients (chat cards already show it through the refresh). */
    recovered: (a: AlertRow, rule: AlertRule, byName: string | null) =>
      send(a, rule, rule.recipients, byName ? t(LOCALE, "monitor.alerts.notice_resolved", vars(a, { name: byName })) : t(LOCALE, "monitor.alerts.notice_recovered", vars(a)),
        { chats: false, key: `alert:${a.id}:recovered`, extra: { recovered: !byName } }),
    /** Every posted copy of the card shows the alert as it is now. */
    async refresh(a: AlertRow, rule: AlertRule | null, extra: Partial<AlertCardData> = {}): Promise<number> {
      try {
        return await deps.cards.refresh("alert", a.id, { kind: "alert", data: await cardOf(a, rule, extra) });
      } catch (e) {
        deps.logger.warn("alert card refresh failed", { alert_id: a.id, err: e });
        return 0;
      }
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
