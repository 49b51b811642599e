import type { Migration } from "../migrate.ts";

/**
 * The monitor's slow query log (report, dataset, export and SQL-job statements slower than OPS_SLOW_QUERY_MS: the
 * statement without its parameter values, its normalised fingerprint and that text's hash (indexed: the text may
 * pass PostgreSQL's btree entry size), who, where, how long) and notify's
 * sensitive-word list (one row: mode and words; its updated_at is what other processes compare to re-read it).
 * A send log row gains `detail`: what a blocked send matched (masked words), beside the error code.
 */
export const m048SlowQueriesSensitiveWords: Migration = {
  version: 48,
  name: "slow-queries-sensitive-words",
  statements: () => [
    `CREATE TABLE monitor_slow_queries (
      id TEXT PRIMARY KEY,
      source TEXT NOT NULL,
      ref_id TEXT,
      ref_name TEXT,
      datasource_id TEXT,
      datasource_name TEXT,
      user_id TEXT,
      username TEXT,
      sql_text TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      fingerprint_key TEXT NOT NULL,
      duration_ms INTEGER NOT NULL,
      row_count INTEGER,
      error TEXT,
      at TEXT NOT NULL
    )`,
    "CREATE INDEX monitor_slow_queries_at ON monitor_slow_queries (at)",
    "CREATE INDEX monitor_slow_queries_fingerprint ON monitor_slow_queries (fingerprint_key, at)",
    "CREATE INDEX monitor_slow_queries_duration ON monitor_slow_queries (duration_ms)",
    `CREATE TABLE notify_sensitive_words (
      id TEXT PRIMARY KEY,
      mode TEXT NOT NULL,
      words TEXT NOT NULL,
      updated_at TEXT,
      updated_by TEXT
    )`,
    "ALTER TABLE notify_send_log ADD COLUMN detail TEXT",
  ],
};
