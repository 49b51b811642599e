import { describe, expect, it } from "vitest";
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
});
