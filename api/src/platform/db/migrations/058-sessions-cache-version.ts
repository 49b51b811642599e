import type { Migration } from "../migrate.ts";

/**
 * A cache version for what a session's authentication depends on beyond the user directory: its revocation and
 * its restriction. Bumped by triggers in the same transaction as the change, like the versions of migrations 011 and
 * 021, so a process may answer a request from its copy of the session's actor while every version it was built at
 * is unchanged (modules/iam/auth/actor-cache.ts). A sign-in (INSERT) and the last-seen touch (an UPDATE of
 * last_seen_at only) change nothing a copy holds and do not bump it; expiry and idleness are checked on the copy,
 * and a copy that looks expired or idle is read again before it is refused.
 */
export const m058SessionsCacheVersion: Migration = {
  version: 58,
  name: "sessions-cache-version",
  statements: (dialect) => [
    "INSERT INTO cache_versions (name, version) VALUES ('sessions', 1)",
    ...(dialect === "sqlite"
      ? [
        "CREATE TRIGGER sessions_cache_update AFTER UPDATE OF revoked_at, restricted, user_id, expires_at ON sessions FOR EACH ROW BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'sessions'; END",
        "CREATE TRIGGER sessions_cache_delete AFTER DELETE ON sessions FOR EACH ROW BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'sessions'; END",
      ]
      : [
        // once per statement, as the other versions on PostgreSQL (a pruning pass deleting many rows bumps once)
        "CREATE TRIGGER sessions_cache_update AFTER UPDATE OF revoked_at, restricted, user_id, expires_at ON sessions FOR EACH STATEMENT EXECUTE FUNCTION ops_bump_cache_version('sessions')",
        "CREATE TRIGGER sessions_cache_delete AFTER DELETE OR TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION ops_bump_cache_version('sessions')",
      ]),
  ],
};
