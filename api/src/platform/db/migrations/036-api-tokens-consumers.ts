import type { Migration } from "../migrate.ts";

/**
 * API tokens (iam/tokens) and config consumers (config/consumers).
 *
 * api_tokens: only the SHA-256 of the secret is kept (`token_hash`, looked up on every token request);
 * scopes and labels are JSON arrays. A live token's name is unique (it is the consumer's name on the
 * published endpoint); a revoked one frees its name.
 *
 * config_consumers: one row per consumer name and table, upserted when the consumer reads the
 * published endpoint (at most every 30 s unless its release changed).
 */
export const m036ApiTokensConsumers: Migration = {
  version: 36,
  name: "api-tokens-consumers",
  statements: () => [
    `CREATE TABLE api_tokens (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      scopes TEXT NOT NULL,
      labels TEXT NOT NULL,
      expires_at TEXT,
      last_used_at TEXT,
      revoked_at TEXT,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    "CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL",
    `CREATE TABLE config_consumers (
      table_name TEXT NOT NULL,
      name TEXT NOT NULL,
      labels TEXT NOT NULL,
      release_no INTEGER NOT NULL,
      version INTEGER NOT NULL,
      address TEXT NOT NULL,
      token_id TEXT,
      last_seen_at TEXT NOT NULL,
      PRIMARY KEY (table_name, name)
    )`,
    "CREATE INDEX config_consumers_seen ON config_consumers (table_name, last_seen_at)",
  ],
};
