import type { Migration } from "../migrate.ts";

/**
 * Outbound webhooks (modules/webhooks): subscriptions (events and an optional filter; the signing
 * secret encrypted; `active_since`: events that occurred before it are never sent to it), the
 * events published (the body sent, kept as text so every attempt and replay sends the same bytes),
 * one delivery per event and subscription (the partial unique index; a replay is a new delivery
 * naming the one it replays), and each attempt with its answer.
 */
export const m028Webhooks: Migration = {
  version: 28,
  name: "webhooks",
  statements: () => [
    `CREATE TABLE webhook_subscriptions (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      url TEXT NOT NULL,
      events TEXT NOT NULL,
      filter TEXT NOT NULL,
      secret TEXT NOT NULL,
      active INTEGER NOT NULL,
      active_since TEXT NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    `CREATE TABLE webhook_events (
      id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      occurred_at TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    `CREATE TABLE webhook_deliveries (
      id TEXT PRIMARY KEY,
      subscription_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      event_type TEXT NOT NULL,
      replay_of TEXT,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      next_attempt_at TEXT,
      response_code INTEGER,
      last_error TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      delivered_at TEXT
    )`,
    "CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (subscription_id, event_id) WHERE replay_of IS NULL",
    "CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at)",
    `CREATE TABLE webhook_attempts (
      id TEXT PRIMARY KEY,
      delivery_id TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      status TEXT NOT NULL,
      request_headers TEXT NOT NULL,
      started_at TEXT NOT NULL,
      duration_ms INTEGER NOT NULL,
      response_code INTEGER,
      response_body TEXT,
      error TEXT,
      UNIQUE (delivery_id, attempt)
    )`,
  ],
};
