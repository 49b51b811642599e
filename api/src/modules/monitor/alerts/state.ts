import { conflict, t, type Actor } from "@ops/shared";
import type { AlertEvent, AlertRule, AlertStatus } from "@ops/shared/contracts/monitor.ts";
import { iso } from "../../../platform/clock.ts";
import { currentContext, noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Labels } from "../../../platform/observability.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import type { Notifier } from "./notifier.ts";
import type { Rules } from "./rules.ts";
import type { Silences } from "./silences.ts";
import { fingerprintOf, LEVEL_UP, toAlert, type AlertRow, type AlertStore } from "./store.ts";

/** How a person's change arrived: the PWA, an API token, or a chat (the bot acts as the clicker). */
function viaOf(): string {
  const via = currentContext()?.via ?? "system";
  return via === "web" || via === "api" || via === "system" ? via : "chat";
}
const who = (actor: Actor | null) => (actor?.kind === "user" ? { actor: actor.userId, actor_name: actor.displayName } : { actor: null, actor_name: null });
const MAX_ESCALATIONS = 3;

export type Opening = { labels: Labels; value: number | null; summary: string; at: Date };

/**
 * The alert state machine: firing → acknowledged → resolved; silenced while a silence matches (back to firing, or
 * acknowledged, when it ends); resolved by hand or on recovery. Each transition is a conditional UPDATE on the status
 * it leaves (two processes or two clicks: one wins, the other gets 409), an AlertEvent, and a refresh of every card.
 */
export function createStateMachine(deps: MonitorDeps, store: AlertStore, rules: Rules, silences: Silences, notifier: Notifier) {
  const { db, clock } = deps;
  const now = () => iso(clock.now());

  async function event(a: AlertRow, kind: AlertEvent["kind"], actor: Actor | null, note: string | null = null, via = actor ? viaOf() : "system") {
    await store.event(a.id, { at: now(), kind, ...who(actor), note, via });
  }
  async function ruleOf(a: AlertRow): Promise<AlertRule | null> {
    return rules.get(a.rule_id).catch(() => null);
  }
  /** Moves `id` from one of `from` to `set.status`; 409 naming the current status when it is elsewhere. */
  async function transition(id: string, from: AlertStatus[], set: Record<string, unknown>, action: string): Promise<AlertRow> {
    const cols = Object.keys(set);
    const moved = await db.all<AlertRow>(
      `UPDATE alerts SET ${cols.map((c) => `${c} = ?`).join(", ")} WHERE id = ? AND status IN (${from.map(() => "?").join(", ")}) RETURNING *`,
      [...Object.values(set), id, ...from],
    );
    if (moved[0]) return moved[0];
    const current = await store.load(id);
    throw conflict("monitor.alerts.invalid_transition", { status: current.status, action: t("zh-CN", `monitor.alerts.action_${action}`) });
  }

  async function notifyFire(a: AlertRow, rule: AlertRule) {
    const sent = await notifier.fire(a, rule, Number(a.notifications));
    const at = now();
    await db.run("UPDATE alerts SET last_notified_at = ?, notifications = notifications + 1 WHERE id = ?", [at, a.id]);
    await event(a, "notified", null, `users=${sent.users} chats=${sent.chats}`);
  }

  return {
    /** Opens the group's alert, or adds an occurrence to the open one. Returns the alert and whether it was opened now. */
    async open(rule: AlertRule, o: Opening): Promise<{ alert: AlertRow; opened: boolean } | null> {
      const fingerprint = fingerprintOf(rule.id, o.labels);
      const existing = await store.openOf(fingerprint);
      if (existing) return { alert: await this.touch(existing, o), opened: false };
      // resolved by hand: the next true evaluation opens a new alert only after the rule's cooldown
      if (await store.resolvedByHandSince(fingerprint, iso(new Date(o.at.getTime() - rule.cooldown_s * 1000)))) return null;
      const at = iso(o.at);
      const suffix = Object.entries(o.labels).map(([k, v]) => `${k}=${v}`).join(", ");
      const row: AlertRow = {
        id: newId(), rule_id: rule.id, rule_name: rule.name, kind: rule.kind, fingerprint, open_fingerprint: fingerprint, labels: JSON.stringify(o.labels),
        level: rule.level, status: "firing", title: suffix ? `${rule.name} · ${suffix}` : rule.name, summary: o.summary, value: o.value, last_value: o.value,
        threshold: rule.threshold, occurrences: 1, fired_at: at, last_seen_at: at, last_notified_at: null, notifications: 0, acknowledged_by: null,
        acknowledged_at: null, silenced_until: null, resolved_at: null, resolved_by: null, escalation_step: 0, escalated_at: null, runbook_url: rule.runbook_url,
      };
      if (!(await store.insertOpen(row))) {
        const winner = await store.openOf(fingerprint);
        return winner ? { alert: await this.touch(winner, o), opened: false } : null;
      }
      await event(row, "fired", null, o.summary);
      const until = await silences.activeUntil(rule.id, o.labels);
      if (until) {
        const silenced = await transition(row.id, ["firing"], { status: "silenced", silenced_until: until }, "silence");
        await event(silenced, "silenced", null, until);
        return { alert: silenced, opened: true };
      }
      await notifyFire(row, rule);
      return { alert: await store.load(row.id), opened: true };
    },
    /** Another evaluation or occurrence of an open alert: counted, no new message. */
    async touch(a: AlertRow, o: Opening): Promise<AlertRow> {
      await db.run("UPDATE alerts SET occurrences = occurrences + 1, last_value = ?, last_seen_at = ?, summary = ? WHERE id = ?", [o.value, iso(o.at), o.summary, a.id]);
      return store.load(a.id);
    },
    async ack(actor: Actor, id: string, note: string | null) {
      const a = await transition(id, ["firing"], { status: "acknowledged", acknowledged_by: actor.kind === "user" ? actor.userId : null, acknowledged_at: now() }, "ack");
      await event(a, "acknowledged", actor, note);
      await notifier.refresh(a, await ruleOf(a));
      noteAudit({ resourceType: "alert", resourceId: id, after: { status: a.status, note } });
      return a;
    },
    async resolve(actor: Actor | null, id: string, note: string | null, value?: number | null) {
      const before = await store.load(id);
      const set: Record<string, unknown> = { status: "resolved", open_fingerprint: null, resolved_at: now(), resolved_by: actor?.kind === "user" ? actor.userId : actor ? "api" : null };
      if (value !== undefined) set.last_value = value;
      const a = await transition(id, ["firing", "acknowledged", "silenced"], set, "resolve");
      const rule = await ruleOf(a);
      await event(a, actor ? "resolved" : "recovered", actor, note);
      await notifier.refresh(a, rule, { recovered: !actor });
      // the closing notice goes to those who heard of it (a silenced alert nobody was told of closes quietly)
      if (rule?.notify_recovery && Number(a.notifications) > 0 && before.status !== "silenced") {
        await notifier.recovered(a, rule, actor?.kind === "user" ? actor.displayName : null);
      }
      if (actor) noteAudit({ resourceType: "alert", resourceId: id, before: { status: before.status }, after: { status: a.status, note } });
      return a;
    },
    async silence(actor: Actor, id: string, minutes: number, reason: string | null) {
      const current = await store.load(id);
      const until = iso(new Date(clock.now().getTime() + minutes * 60_000));
      const a = await transition(id, ["firing", "acknowledged", "silenced"], { status: "silenced", silenced_until: until }, "silence");
      const silence = await silences.create(actor, { rule_id: a.rule_id, matchers: JSON.parse(a.labels), ends_at: until, reason: reason ?? "", alert_id: a.id });
      await event(a, "silenced", actor, reason ?? `${minutes} min`);
      await notifier.refresh(a, await ruleOf(a));
      noteAudit({ resourceType: "alert", resourceId: id, before: { status: current.status }, after: { status: a.status, silenced_until: until, silence_id: silence.id } });
      return a;
    },
    /** A silenced alert no active silence covers any more: back to acknowledged or firing (told now if nobody was). */
    async unsilence(a: AlertRow) {
      const back = a.acknowledged_by ? "acknowledged" : "firing";
      const moved = await db.all<AlertRow>("UPDATE alerts SET status = ?, silenced_until = NULL WHERE id = ? AND status = 'silenced' RETURNING *", [back, a.id]);
      if (!moved[0]) return;
      const rule = await ruleOf(moved[0]);
      await event(moved[0], "unsilenced", null);
      await notifier.refresh(moved[0], rule);
      if (rule && back === "firing" && Number(moved[0].notifications) === 0) await notifyFire(moved[0], rule);
    },
    /** Silences a firing or acknowledged alert a new silence covers (no notices while it lasts). */
    async silenceBy(a: AlertRow, until: string) {
      const moved = await db.all<AlertRow>("UPDATE alerts SET status = 'silenced', silenced_until = ? WHERE id = ? AND status IN ('firing', 'acknowledged') RETURNING *", [until, a.id]);
      if (!moved[0]) return;
      await event(moved[0], "silenced", null, until);
      await notifier.refresh(moved[0], await ruleOf(moved[0]));
    },
    /** Unacknowledged past `after_min` since firing or the last step: the escalation recipients hear, the level rises. */
    async escalateIfDue(a: AlertRow, rule: AlertRule, at: Date): Promise<boolean> {
      const step = Number(a.escalation_step);
      if (!rule.escalation || a.status !== "firing" || step >= MAX_ESCALATIONS) return false;
      const since = new Date(a.escalated_at ?? a.fired_at).getTime();
      if (at.getTime() - since < rule.escalation.after_min * 60_000) return false;
      const moved = await db.all<AlertRow>(
        "UPDATE alerts SET escalation_step = ?, escalated_at = ?, level = ? WHERE id = ? AND escalation_step = ? AND status = 'firing' RETURNING *",
        [step + 1, iso(at), LEVEL_UP[a.level], a.id, step],
      );
      if (!moved[0]) return false;
      const to = rule.escalation.recipients;
      const sent = await notifier.escalate(moved[0], rule, to);
      await event(moved[0], "escalated", null, `step=${step + 1} level=${moved[0].level} users=${sent.users} chats=${sent.chats}`);
      await notifier.refresh(moved[0], rule);
      return true;
    },
    /** Still firing and unacknowledged `cooldown_s` after the last notice: told again (Alertmanager's repeat interval). */
    async repeatIfDue(a: AlertRow, rule: AlertRule, at: Date): Promise<boolean> {
      if (a.status !== "firing" || !a.last_notified_at) return false;
      if (at.getTime() - new Date(a.last_notified_at).getTime() < rule.cooldown_s * 1000) return false;
      const moved = await db.all<AlertRow>(
        "UPDATE alerts SET last_notified_at = ?, notifications = notifications + 1 WHERE id = ? AND last_notified_at = ? AND status = 'firing' RETURNING *",
        [iso(at), a.id, a.last_notified_at],
      );
      if (!moved[0]) return false;
      const sent = await notifier.repeat(moved[0], rule, Number(moved[0].notifications));
      await event(moved[0], "repeated", null, `users=${sent.users} chats=${sent.chats}`);
      return true;
    },
    view: async (a: AlertRow) => toAlert(a, await store.displayNames([a.acknowledged_by])),
  };
}

export type StateMachine = ReturnType<typeof createStateMachine>;
