import type { Migration } from "../migrate.ts";

/**
 * Stream tickets: EventSource cannot send an Authorization header, and an access token in the
 * URL ends up in proxy logs and browser history. The PWA trades its token for a ticket (stored
 * only as its SHA-256) that opens one stream within a minute and is then spent. Same DDL on
 * SQLite and PostgreSQL.
 */
export const m010WebNotify: Migration = {
  version: 10,
  name: "web-notify",
  statements: () => [
    `CREATE TABLE notify_stream_tickets (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      session_id TEXT,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT
    )`,
    "CREATE INDEX notify_stream_tickets_expiry ON notify_stream_tickets (expires_at)",
  ],
};
