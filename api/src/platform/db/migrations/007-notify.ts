import type { Migration } from "../migrate.ts";

/**
 * Notification center. An event (`notify_events`) is what a caller sent (or a digest folded
 * from several); each recipient gets an inbox row (`notifications`) and one delivery per
 * out-of-app channel (`notify_deliveries`); every attempt of a delivery is a row of
 * `notify_send_log`. Templates keep every version (`notify_template_versions`).
 */
export const m007Notify: Migration = {
  version: 7,
  name: "notify",
  statements: () => [
    `CREATE TABLE notify_events (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL DEFAULT 'event',
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      critical INTEGER NOT NULL DEFAULT 0,
      created_by TEXT,
      created_at TEXT NOT NULL
    )`,
    `CREATE TABLE notifications (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      type TEXT NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      data TEXT NOT NULL,
      critical INTEGER NOT NULL DEFAULT 0,
      read_at TEXT,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX notifications_user ON notifications(user_id, created_at)",
    "CREATE INDEX notifications_unread ON notifications(user_id, read_at)",
    `CREATE TABLE notify_deliveries (
      id TEXT PRIMARY KEY,
      event_id TEXT NOT NULL,
      user_id TEXT,
      webhook_id TEXT,
      type TEXT NOT NULL,
      channel TEXT NOT NULL,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      failover_from TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX notify_deliveries_event ON notify_deliveries(event_id, user_id)",
    `CREATE TABLE notify_send_log (
      id TEXT PRIMARY KEY,
      delivery_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      user_id TEXT,
      type TEXT NOT NULL,
      channel TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      status TEXT NOT NULL,
      target TEXT,
      error TEXT,
      created_at TEXT NOT NULL,
      finished_at TEXT
    )`,
    "CREATE INDEX notify_send_log_created ON notify_send_log(created_at)",
    "CREATE INDEX notify_send_log_rate ON notify_send_log(user_id, channel, created_at)",
    "CREATE INDEX notify_send_log_delivery ON notify_send_log(delivery_id)",
    `CREATE TABLE notify_preferences (
      user_id TEXT NOT NULL,
      type TEXT NOT NULL,
      channels TEXT NOT NULL,
      digest INTEGER,
      channel_order TEXT,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (user_id, type)
    )`,
    `CREATE TABLE notify_templates (
      id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      channel TEXT NOT NULL,
      locale TEXT NOT NULL,
      version INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (type, channel, locale)
    )`,
    `CREATE TABLE notify_template_versions (
      template_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL,
      PRIMARY KEY (template_id, version)
    )`,
    `CREATE TABLE notify_push_subscriptions (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      endpoint TEXT NOT NULL UNIQUE,
      p256dh TEXT NOT NULL,
      auth TEXT NOT NULL,
      user_agent TEXT,
      created_at TEXT NOT NULL,
      last_used_at TEXT
    )`,
    "CREATE INDEX notify_push_subscriptions_user ON notify_push_subscriptions(user_id)",
    `CREATE TABLE notify_blacklist (
      id TEXT PRIMARY KEY,
      user_id TEXT,
      address TEXT,
      channel TEXT NOT NULL DEFAULT '*',
      type TEXT NOT NULL DEFAULT '*',
      reason TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX notify_blacklist_user ON notify_blacklist(user_id)",
    "CREATE INDEX notify_blacklist_address ON notify_blacklist(address)",
    `CREATE TABLE notify_digest_items (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      type TEXT NOT NULL,
      event_id TEXT NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      digest_event_id TEXT,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX notify_digest_items_open ON notify_digest_items(user_id, type, digest_event_id)",
    `CREATE TABLE notify_webhooks (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      types TEXT NOT NULL,
      enabled INTEGER NOT NULL DEFAULT 1,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
  ],
};
