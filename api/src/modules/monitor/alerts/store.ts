import { notFound } from "@ops/shared";
import type { Alert, AlertEvent, AlertLevel, AlertStatus } from "@ops/shared/contracts/monitor.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { Labels } from "../../../platform/observability.ts";

export type AlertRow = {
  id: string; rule_id: string; rule_name: string; kind: "metric" | "security"; fingerprint: string; open_fingerprint: string | null; labels: string;
  level: AlertLevel; status: AlertStatus; title: string; summary: string; value: number | string | null; last_value: number | string | null;
  threshold: number | string | null; occurrences: number | string; fired_at: string; last_seen_at: string; last_notified_at: string | null;
  notifications: number | string; acknowledged_by: string | null; acknowledged_at: string | null; silenced_until: string | null; resolved_at: string | null;
  resolved_by: string | null; escalation_step: number | string; escalated_at: string | null; runbook_url: string | null;
};

const num = (v: number | string | null) => (v === null ? null : Number(v));

export function toAlert(r: AlertRow, names: Map<string, string> = new Map()): Alert {
  return {
    id: r.id, rule_id: r.rule_id, rule_name: r.rule_name, kind: r.kind, fingerprint: r.fingerprint, labels: JSON.parse(r.labels), level: r.level,
    status: r.status, title: r.title, summary: r.summary, value: num(r.value), last_value: num(r.last_value), threshold: num(r.threshold),
    occurrences: Number(r.occurrences), fired_at: r.fired_at, last_seen_at: r.last_seen_at, acknowledged_by: r.acknowledged_by,
    acknowledged_by_name: r.acknowledged_by ? (names.get(r.acknowledged_by) ?? null) : null, acknowledged_at: r.acknowledged_at,
    silenced_until: r.silenced_until, resolved_at: r.resolved_at, resolved_by: r.resolved_by, escalation_step: Number(r.escalation_step),
    escalated_at: r.escalated_at, runbook_url: r.runbook_url,
  };
}

/** Rule id + the group's label values, sorted: the same group always gets the same fingerprint. */
export function fingerprintOf(ruleId: string, labels: Labels): string {
  const parts = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`);
  return `${ruleId}|${parts.join(",")}`;
}

export const LEVEL_UP: Record<AlertLevel, AlertLevel> = { P0: "P0", P1: "P0", P2: "P1", P3: "P2" };

export type EventInput = Omit<AlertEvent, "at"> & { at: string };

/** Rows of alerts and their events; state changes are in state.ts. */
export function alertStore(db: Db) {
  async function displayNames(ids: Array<string | null>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    if (!wanted.length) return new Map();
    const rows = await db.all<{ id: string; display_name: string }>(`SELECT id, display_name FROM users WHERE id IN (${wanted.map(() => "?").join(", ")})`, wanted);
    return new Map(rows.map((u) => [u.id, u.display_name]));
  }
  return {
    displayNames,
    async load(id: string): Promise<AlertRow> {
      const row = await db.get<AlertRow>("SELECT * FROM alerts WHERE id = ?", [id]);
      if (!row) throw notFound("monitor.alerts.alert_not_found", { id });
      return row;
    },
    openOf: (fingerprint: string) => db.get<AlertRow>("SELECT * FROM alerts WHERE open_fingerprint = ?", [fingerprint]),
    /** The last alert of this group resolved by hand, if it was resolved after `since` (the cooldown before a new one). */
    resolvedByHandSince: (fingerprint: string, since: string) =>
      db.get<{ id: string }>("SELECT id FROM alerts WHERE fingerprint = ? AND resolved_by IS NOT NULL AND resolved_at > ? LIMIT 1", [fingerprint, since]),
    /** Inserts the alert unless its group already has an open one (another process won): true when this one opened it. */
    async insertOpen(row: AlertRow): Promise<boolean> {
      const cols = Object.keys(row);
      const inserted = await db.all<{ id: string }>(
        `INSERT INTO alerts (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")}) ON CONFLICT (open_fingerprint) DO NOTHING RETURNING id`,
        Object.values(row),
      );
      return inserted.length > 0;
    },
    async event(alertId: string, e: EventInput): Promise<void> {
      await insertRow(db, "alert_events", { id: newId(), alert_id: alertId, at: e.at, kind: e.kind, actor: e.actor, actor_name: e.actor_name, note: e.note, via: e.via });
    },
    async events(alertId: string): Promise<AlertEvent[]> {
      return db.all<AlertEvent>("SELECT at, kind, actor, actor_name, note, via FROM alert_events WHERE alert_id = ? ORDER BY at, id", [alertId]);
    },
    async withNames(rows: AlertRow[]): Promise<Alert[]> {
      const names = await displayNames(rows.map((r) => r.acknowledged_by));
      return rows.map((r) => toAlert(r, names));
    },
  };
}

export type AlertStore = ReturnType<typeof alertStore>;
