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

export function openSqlite(url: string): SqliteConn {
  const path = url.replace(/^sqlite:(\/\/)?/, "");
  const db = new Database(path === "" ? ":memory:" : path, { create: true });
  const cache = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let stmt = cache.get(sql);
    if (stmt) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      cache.delete(sql);
    } else {
      stmt = db.prepare(sql);
      if (cache.size >= CACHE_SIZE) {
        const [oldest, old] = cache.entries().next().value as [string, Statement];
        cache.delete(oldest);
        old.finalize();
      }
    }
    cache.set(sql, stmt);
    return stmt;
  };
  return {
    all: <T>(sql: string, params: unknown[]) => prepared(sql).all(...(params as never[])) as T[],
    exec: (sql: string) => void db.run(sql),
    close: () => {
      for (const stmt of cache.values()) stmt.finalize();
      cache.clear();
      db.close();
    },
  };
}
