import type { Db, Dialect } from "./db.ts";
import { migrations } from "./migrations/index.ts";

export type Migration = { version: number; name: string; statements: (dialect: Dialect) => string[] };

/**
 * Applies pending versioned migrations at start, each in its own transaction. Safe with
 * several processes starting at once: PostgreSQL takes an advisory lock, SQLite's write
 * lock (with busy_timeout) serialises the writers, and each version is re-checked inside.
 */
export async function migrate(db: Db, list: Migration[] = migrations): Promise<number[]> {
  await db.run(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
  );
  const applied: number[] = [];
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    const done = await db.tx(async () => {
      if (db.dialect === "postgres") await db.run("SELECT pg_advisory_xact_lock(727274)");
      const seen = await db.get("SELECT version FROM schema_migrations WHERE version = ?", [m.version]);
      if (seen) return false;
      for (const statement of m.statements(db.dialect)) await db.run(statement);
      await db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
