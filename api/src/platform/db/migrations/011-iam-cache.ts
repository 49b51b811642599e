import type { Dialect } from "../db.ts";
import type { Migration } from "../migrate.ts";

/**
 * Cache versions for what every authenticated request needs but rarely changes: the security
 * settings, roles with their permissions, the department tree. Each process caches them and
 * compares its copy's version with the row here, read in the same query as the session
 * (modules/iam/settings/iam-cache.ts). Triggers bump the version in the same transaction as the change,
 * whoever writes (services, seeds, a hand-made UPDATE), so another process sees the change on its
 * very next request. Plus the index the authenticated user list reads in.
 */
export const CACHE_SOURCES: Record<string, string[]> = {
  security: ["settings"],
  roles: ["roles", "role_permissions", "role_depts"],
  depts: ["departments"],
};

export const m011IamCache: Migration = {
  version: 11,
  name: "iam-cache",
  statements: (dialect) => [
    "CREATE TABLE cache_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)",
    ...Object.keys(CACHE_SOURCES).map((name) => `INSERT INTO cache_versions (name, version) VALUES ('${name}', 1)`),
    ...(dialect === "postgres" ? [bumpFunction()] : []),
    ...Object.entries(CACHE_SOURCES).flatMap(([name, tables]) => tables.flatMap((table) => triggers(dialect, table, name))),
    // The user list's default order (newest first): read in index order instead of sorting every user.
    "CREATE INDEX users_created ON users(created_at, id)",
  ],
};

/** settings holds other keys too (VAPID keys): only the security row counts. */
const onlySecurity = (table: string, row: "NEW" | "OLD") => (table === "settings" ? ` WHEN (${row}.key = 'security')` : "");

/** The triggers that bump version `name` on any change to `table` (migration 021 reuses them). */
export function triggers(dialect: Dialect, table: string, name: string): string[] {
  const bump = `UPDATE cache_versions SET version = version + 1 WHERE name = '${name}'`;
  if (dialect === "sqlite") {
    return (["INSERT", "UPDATE", "DELETE"] as const).map(
      (op) => `CREATE TRIGGER ${table}_cache_${op.toLowerCase()} AFTER ${op} ON ${table} FOR EACH ROW${onlySecurity(table, op === "DELETE" ? "OLD" : "NEW")} BEGIN ${bump}; END`,
    );
  }
  if (table === "settings") {
    return [
      `CREATE TRIGGER settings_cache_write AFTER INSERT OR UPDATE ON settings FOR EACH ROW${onlySecurity(table, "NEW")} EXECUTE FUNCTION ops_bump_cache_version('${name}')`,
      `CREATE TRIGGER settings_cache_delete AFTER DELETE ON settings FOR EACH ROW${onlySecurity(table, "OLD")} EXECUTE FUNCTION ops_bump_cache_version('${name}')`,
    ];
  }
  // Once per statement: a seed inserting a hundred role_permissions rows bumps once.
  return [`CREATE TRIGGER ${table}_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ops_bump_cache_version('${name}')`];
}

function bumpFunction(): string {
  return `CREATE FUNCTION ops_bump_cache_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = TG_ARGV[0];
  RETURN NULL;
END $$`;
}
