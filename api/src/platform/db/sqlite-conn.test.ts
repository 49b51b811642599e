import { Database } from "bun:sqlite";
import { describe, expect, it, vi } from "vitest";
import { openSqlite } from "./sqlite-conn.ts";

describe("SQLite connection with kept statements", () => {
  it("answers every statement right after older ones were evicted from the cache", () => {
    const conn = openSqlite("sqlite://:memory:");
    conn.exec("CREATE TABLE t (n INTEGER, s TEXT)");
    for (let i = 0; i < 700; i++) conn.all(`INSERT INTO t (n, s) VALUES (?, ?) /* ${i} */`, [i, `v${i}`]);
    // The first texts were evicted (and finalized) long ago: preparing them again must work.
    expect(conn.all<{ n: number }>("SELECT COUNT(*) AS n FROM t /* 0 */", [])).toEqual([{ n: 700 }]);
    conn.all("INSERT INTO t (n, s) VALUES (?, ?) /* 0 */", [-1, "again"]);
    expect(conn.all<{ s: string }>("SELECT s FROM t WHERE n = ?", [-1])).toEqual([{ s: "again" }]);
    expect(conn.all("INSERT INTO t (n, s) VALUES (?, ?) RETURNING n", [7, "r"])).toEqual([{ n: 7 }]);
    conn.close();
  });

  it("drops a table right after a statement's plan was read from it (EXPLAIN statements are not kept)", () => {
    const conn = openSqlite("sqlite://:memory:");
    conn.exec("CREATE TABLE t (n INTEGER)");
    expect(conn.all("EXPLAIN SELECT n FROM t", []).length).toBeGreaterThan(0);
    conn.all("DROP TABLE t", []);
    expect(conn.all("SELECT name FROM sqlite_schema WHERE name = 't'", [])).toEqual([]);
    conn.close();
  });

  it("evicts the least recently used statement, not a hot one", () => {
    const conn = openSqlite("sqlite://:memory:", { cacheSize: 3 });
    conn.exec("CREATE TABLE t (n INTEGER)");
    const prepare = vi.spyOn(Database.prototype, "prepare");
    try {
      const run = (tag: string) => conn.all(`SELECT n FROM t /* ${tag} */`, []);
      for (const tag of ["a", "b", "c", "a", "d"]) run(tag); // cache full at c; d evicts b (a was used after it)
      prepare.mockClear();
      run("a");
      run("c");
      run("d");
      expect(prepare).not.toHaveBeenCalled();
      run("b"); // evicted: prepared again
      expect(prepare).toHaveBeenCalledTimes(1);
    } finally {
      prepare.mockRestore();
      conn.close();
    }
  });
});
