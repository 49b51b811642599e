import type { Migration } from "../migrate.ts";

/**
 * Alerting (modules/monitor/alerts): rules, alerts (one incident per rule + group while open), their events, silences,
 * the pending conditions of `for_s`, and a lease row so one scheduler at a time runs an evaluation pass.
 * `alerts.open_fingerprint` holds the fingerprint while the alert is open and NULL once resolved: its UNIQUE index
 * makes "one open alert per fingerprint" hold across processes (NULLs never collide in SQLite or PostgreSQL).
 */
export const m046Alerts: Migration = {
  version: 46,
  name: "alerts",
  statements: (dialect) => {
    const real = dialect === "postgres" ? "DOUBLE PRECISION" : "REAL";
    return [
      `CREATE TABLE alert_rules (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        kind TEXT NOT NULL,
        metric TEXT,
        detector TEXT,
        filters TEXT NOT NULL,
        agg TEXT NOT NULL,
        op TEXT NOT NULL,
        threshold ${real} NOT NULL,
        window_s INTEGER NOT NULL,
        for_s INTEGER NOT NULL,
        group_by TEXT NOT NULL,
        level TEXT NOT NULL,
        recipients TEXT NOT NULL,
        cooldown_s INTEGER NOT NULL,
        escalation TEXT,
        notify_recovery INTEGER NOT NULL,
        runbook_url TEXT,
        builtin INTEGER NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      "CREATE UNIQUE INDEX alert_rules_builtin_detector ON alert_rules (detector, builtin) WHERE builtin = 1",
      `CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        open_fingerprint TEXT,
        labels TEXT NOT NULL,
        level TEXT NOT NULL,
        status TEXT NOT NULL,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        value ${real},
        last_value ${real},
        threshold ${real},
        occurrences INTEGER NOT NULL,
        fired_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        last_notified_at TEXT,
        notifications INTEGER NOT NULL,
        acknowledged_by TEXT,
        acknowledged_at TEXT,
        silenced_until TEXT,
        resolved_at TEXT,
        resolved_by TEXT,
        escalation_step INTEGER NOT NULL,
        escalated_at TEXT,
        runbook_url TEXT
      )`,
      "CREATE UNIQUE INDEX alerts_open_fingerprint ON alerts (open_fingerprint)",
      "CREATE INDEX alerts_fingerprint ON alerts (fingerprint, resolved_at)",
      "CREATE INDEX alerts_status ON alerts (status, fired_at)",
      "CREATE INDEX alerts_rule ON alerts (rule_id, fired_at)",
      `CREATE TABLE alert_events (
        id TEXT PRIMARY KEY,
        alert_id TEXT NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT,
        actor_name TEXT,
        note TEXT,
        via TEXT
      )`,
      "CREATE INDEX alert_events_alert ON alert_events (alert_id, at)",
      `CREATE TABLE alert_silences (
        id TEXT PRIMARY KEY,
        rule_id TEXT,
        matchers TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        alert_id TEXT,
        created_by TEXT,
        created_by_name TEXT,
        created_at TEXT NOT NULL
      )`,
      "CREATE INDEX alert_silences_ends ON alert_silences (ends_at)",
      `CREATE TABLE alert_pending (
        fingerprint TEXT PRIMARY KEY,
        rule_id TEXT NOT NULL,
        since TEXT NOT NULL
      )`,
      `CREATE TABLE alert_leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        until TEXT NOT NULL
      )`,
      "INSERT INTO alert_leases (name, holder, until) VALUES ('evaluate', '', '1970-01-01T00:00:00.000Z')",
    ];
  },
};
