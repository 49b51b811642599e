import { Database, type Statement } from "bun:sqlite";

/**
 * SQLite through bun:sqlite with prepared statements kept (an LRU of the most recent SQL texts).
 * Bun SQL's SQLite adapter prepares every statement again on every call, which was a tenth of the
 * CPU of a busy single-node install (scripts/bench/ack.ts); results and types are the same.
 */
export type SqliteConn = {
  all<T>(sql: string, params: unknown[]): T[];
  exec(sql: string): void;
  close(): void;
};

const CACHE_SIZE = 500;
const EXPLAIN = /^\s*explain\b/i;

export function openSqlite(url: string, options: { cacheSize?: number } = {}): SqliteConn {
  const cacheSize = options.cacheSize ?? CACHE_SIZE;
  const path = url.replace(/^sqlite:(\/\/)?/, "");
  const db = new Database(path === "" ? ":memory:" : path, { create: true });
  // Least recently used out. Recency is a counter bumped on each use: re-inserting the key on every
  // hit (to keep Map order) cost two more Map operations per statement on the request path, while
  // the scan for the oldest runs only when a new text is prepared into a full cache.
  const cache = new Map<string, { stmt: Statement; used: number }>();
  let tick = 0;
  const evictOldest = () => {
    let oldest: string | undefined;
    let min = Infinity;
    for (const [sql, entry] of cache) {
      if (entry.used < min) {
        min = entry.used;
        oldest = sql;
      }
    }
    if (oldest === undefined) return;
    cache.get(oldest)!.stmt.finalize();
    cache.delete(oldest);
  };
  const prepared = (sql: string): Statement => {
    const hit = cache.get(sql);
    if (hit) {
      hit.used = ++tick;
      return hit.stmt;
    }
    const stmt = db.prepare(sql);
    if (cache.size >= cacheSize) evictOldest();
    cache.set(sql, { stmt, used: ++tick });
    return stmt;
  };
  return {
    all: <T>(sql: string, params: unknown[]) => {
      // bun:sqlite leaves an EXPLAIN statement busy after its last row, and a busy statement keeps every table it
      // names from being dropped (SQLITE_LOCKED): such texts run once and are finalized, never kept.
      if (!EXPLAIN.test(sql)) return prepared(sql).all(...(params as never[])) as T[];
      const stmt = db.prepare(sql);
      try {
        return stmt.all(...(params as never[])) as T[];
      } finally {
        stmt.finalize();
      }
    },
    exec: (sql: string) => void db.run(sql),
    close: () => {
      for (const entry of cache.values()) entry.stmt.finalize();
      cache.clear();
      db.close();
    },
  };
}
