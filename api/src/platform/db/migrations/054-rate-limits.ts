import type { Migration } from "../migrate.ts";

/**
 * Shared rate-limit windows (platform/rate-limit/store-limiter.ts) for PostgreSQL deployments without Redis: one
 * row per key, times in ms since the epoch (BIGINT: INTEGER is 32-bit on PostgreSQL). SQLite keeps its limiter in
 * memory and never writes here.
 */
export const m054RateLimits: Migration = {
  version: 54,
  name: "rate-limits",
  statements: () => [
    `CREATE TABLE rate_limits (
      key TEXT PRIMARY KEY,
      window_start BIGINT NOT NULL,
      hits INTEGER NOT NULL,
      expires_at BIGINT NOT NULL
    )`,
    "CREATE INDEX rate_limits_expires ON rate_limits (expires_at)",
  ],
};
