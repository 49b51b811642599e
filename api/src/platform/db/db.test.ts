import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, toPositional, type Db } from "./db.ts";
import { migrate } from "./migrate.ts";
import { migrations } from "./migrations/index.ts";
import { Where, insertRow, paginate, updateRow } from "./query.ts";
import { statementPolicy } from "./pg-statements.ts";
import { ENGINES, testDatabase, type TestDatabase } from "../../testing/databases.ts";

// One contract suite, run against every store engine.
describe.each(ENGINES)("store on %s", (engine) => {
  let tdb: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    tdb = await testDatabase(engine);
    db = await openDb(tdb.url);
    await migrate(db);
    await db.run("CREATE TABLE things (id TEXT PRIMARY KEY, name TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)");
  });
  afterAll(async () => {
    await db.close();
    await tdb.drop();
  });

  it("applies migrations once, even when run again", async () => {
    expect(await migrate(db)).toEqual([]);
    const rows = await db.all<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
    expect(rows.map((r) => Number(r.version))).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
  });

  it("returns the same shapes on both engines (numbers, text, null)", async () => {
    await insertRow(db, "things", { id: "a", name: "甲", n: 3, created_at: "2026-01-01T00:00:00.000Z" });
    const row = await db.get<{ id: string; n: number; name: string }>("SELECT id, n, name FROM things WHERE id = ?", ["a"]);
    expect(row).toEqual({ id: "a", n: 3, name: "甲" });
    expect(await db.get("SELECT id FROM things WHERE id = ?", ["missing"])).toBeUndefined();
  });

  it("rolls back every write of a failed transaction and runs no after-commit effect", async () => {
    const effects: string[] = [];
    await expect(
      db.tx(async () => {
        await insertRow(db, "things", { id: "b", name: "b", created_at: "2026-01-02T00:00:00.000Z" });
        db.afterCommit(() => effects.push("sent"));
        await db.tx(async () => insertRow(db, "things", { id: "c", name: "c", created_at: "2026-01-02T00:00:00.000Z" }));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.all("SELECT id FROM things WHERE id IN (?, ?)", ["b", "c"])).toEqual([]);
    expect(effects).toEqual([]);
  });

  it("runs after-commit effects only once the outermost transaction committed", async () => {
    const seen: string[] = [];
    await db.tx(async () => {
      await insertRow(db, "things", { id: "d", name: "d", created_at: "2026-01-03T00:00:00.000Z" });
      db.afterCommit(async () => {
        const row = await db.get<{ id: string }>("SELECT id FROM things WHERE id = ?", ["d"]);
        seen.push(`effect saw ${row?.id}`);
      });
      seen.push("body done");
    });
    expect(seen).toEqual(["body done", "effect saw d"]);
  });

  it("keeps a concurrent write outside an open transaction out of its rollback", async () => {
    // The other request starts outside the transaction's async context, as a real one does.
    const gate = Promise.withResolvers<void>();
    const outside = (async () => {
      await gate.promise;
      await insertRow(db, "things", { id: "f", name: "f", created_at: "2026-01-04T00:00:00.000Z" });
    })();
    await expect(
      db.tx(async () => {
        await insertRow(db, "things", { id: "e", name: "e", created_at: "2026-01-04T00:00:00.000Z" });
        gate.resolve();
        await new Promise((r) => setTimeout(r, 20));
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    await outside;
    const ids = (await db.all<{ id: string }>("SELECT id FROM things WHERE id IN ('e', 'f') ORDER BY id")).map((r) => r.id);
    expect(ids).toEqual(["f"]);
  });

  it("filters, searches case-insensitively, sorts by allowed columns and pages", async () => {
    for (let i = 0; i < 7; i++) await insertRow(db, "things", { id: `p${i}`, name: `Page_${i}`, n: i, created_at: `2026-02-0${i + 1}T00:00:00.000Z` });
    const where = new Where().search(["name"], "page_").add("n >= ?", 2);
    const page = await paginate(db, { select: "id, n", from: "things", where, query: { page: 2, page_size: 2, sort: "-n" }, sortable: { n: "n" }, defaultSort: "id" });
    expect(page).toMatchObject({ total: 5, page: 2, page_size: 2, pages: 3 });
    expect(page.items.map((r: any) => r.id)).toEqual(["p4", "p3"]);
    // `_` is matched literally, not as a wildcard
    const literal = await paginate(db, { select: "id", from: "things", where: new Where().search(["name"], "e_1"), query: { page: 1, page_size: 10 }, sortable: {}, defaultSort: "id" });
    expect(literal.items.map((r: any) => r.id)).toEqual(["p1"]);
    await expect(paginate(db, { select: "id", from: "things", where: new Where(), query: { page: 1, page_size: 10, sort: "name; DROP TABLE things" }, sortable: { n: "n" }, defaultSort: "id" })).rejects.toMatchObject({ code: "common.invalid_sort", status: 400 });
  });

  it("gives the exact total on every page: full, short (the end), past the end, empty", async () => {
    for (let i = 0; i < 5; i++) await insertRow(db, "things", { id: `t${i}`, name: `Total_${i}`, n: 100 + i, created_at: "2026-03-01T00:00:00.000Z" });
    const pageOf = (page: number, pageSize: number, q = "total_") =>
      paginate(db, { select: "id", from: "things", where: new Where().search(["name"], q), query: { page, page_size: pageSize }, sortable: {}, defaultSort: "id" });
    // 5 rows in pages of 2: full, full, short; then past the end
    for (const [page, items] of [[1, 2], [2, 2], [3, 1], [4, 0]] as const) {
      const p = await pageOf(page, 2);
      expect(p, `page ${page}`).toMatchObject({ total: 5, pages: 3 });
      expect(p.items, `page ${page}`).toHaveLength(items);
    }
    // a page exactly full at the end, one that holds everything, and no match at all
    expect(await pageOf(1, 5)).toMatchObject({ total: 5, pages: 1 });
    expect(await pageOf(1, 20)).toMatchObject({ total: 5, pages: 1 });
    expect(await pageOf(1, 20, "no such thing")).toMatchObject({ total: 0, pages: 0, items: [] });
    expect(await pageOf(2, 20, "no such thing")).toMatchObject({ total: 0, pages: 0, items: [] });
  });

  it("runs a repeated statement without parameters prepared, with the same rows and errors", async () => {
    // The first run goes unprepared, later ones prepared (PostgreSQL): the answers must not differ.
    const text = "SELECT id, n, name, 'x' AS tag, CAST(7 AS INTEGER) AS num FROM things WHERE id = 'a'";
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await db.get(text));
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    expect(runs[0]).toMatchObject({ id: "a", tag: "x", num: 7 });
    const failing = "INSERT INTO things (id, name, created_at) VALUES ('a', 'dup', '2026-01-01T00:00:00.000Z')";
    for (let i = 0; i < 3; i++) await expect(db.run(failing)).rejects.toThrow();
    // inside a transaction, on the transaction's connection, it sees the transaction's own write
    await db.tx(async () => {
      await db.run("UPDATE things SET n = 70 WHERE id = 'a'");
      for (let i = 0; i < 3; i++) expect(await db.get(text)).toMatchObject({ n: 70 });
      await db.run("UPDATE things SET n = 3 WHERE id = 'a'");
    });
  });

  it.runIf(engine === "postgres")("keeps a repeated statement without parameters prepared on the server (planned once)", async () => {
    const one = await openDb(tdb.url, { poolMax: 1 });
    try {
      const text = "SELECT id FROM things WHERE id = 'a' AND n >= 0";
      for (let i = 0; i < 3; i++) await one.get(text);
      const prepared = await one.all<{ statement: string }>("SELECT statement FROM pg_prepared_statements WHERE statement LIKE ?", ["SELECT id FROM things%"]);
      expect(prepared.map((p) => p.statement)).toEqual([text]);
    } finally {
      await one.close();
    }
  });

  it("updates only the given columns", async () => {
    await updateRow(db, "things", { id: "a" }, { name: "乙", n: undefined });
    expect(await db.get("SELECT name, n FROM things WHERE id = ?", ["a"])).toEqual({ name: "乙", n: 3 });
  });

  it("refuses to update or delete audit rows", async () => {
    await insertRow(db, "audit_logs", { id: "x", ts: "2026-01-01T00:00:00.000Z", actor_kind: "system", module: "t", action: "t", status: 200 });
    await expect(db.run("UPDATE audit_logs SET action = 'changed' WHERE id = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.run("DELETE FROM audit_logs WHERE id = 'x'")).rejects.toThrow(/append-only/);
    expect(await db.get("SELECT action FROM audit_logs WHERE id = 'x'")).toEqual({ action: "t" });
  });
});

describe.skipIf(!ENGINES.includes("postgres"))("LISTEN's state (PostgreSQL)", () => {
  it("says down when the listen connection is terminated and up once it listens again; nothing listens after close", async () => {
    const tdb = await testDatabase("postgres");
    const db = await openDb(tdb.url, { poolMax: 2 });
    try {
      const states: boolean[] = [];
      let changed = Promise.withResolvers<void>();
      const heard = Promise.withResolvers<string>();
      await db.listen("t_state", (p) => heard.resolve(p), (up) => {
        states.push(up);
        changed.resolve();
      });
      expect(states).toEqual([true]);
      changed = Promise.withResolvers<void>();
      await db.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN %'");
      await changed.promise;
      expect(states).toEqual([true, false]);
      // Bun reconnects by itself (from 250 ms) and subscribes again
      changed = Promise.withResolvers<void>();
      await changed.promise;
      expect(states).toEqual([true, false, true]);
      // and hears again
      await db.notify("t_state", "after");
      expect(await heard.promise).toBe("after");
    } finally {
      await db.close();
    }
    await expect(db.listen("t_state", () => {})).rejects.toThrow(/closed/);
    await tdb.drop();
  });
});

describe("prepared statements (PostgreSQL)", () => {
  it("templates parameterless DML from its second run on, never DDL, and stops at the cap", () => {
    const policy = statementPolicy((s) => `pos:${s}`, 2);
    // with values Bun prepares the statement itself: always the positional text
    for (let i = 0; i < 3; i++) expect(policy.plan("SELECT 1 WHERE x = ?", 1)).toEqual({ text: "pos:SELECT 1 WHERE x = ?" });
    expect(policy.plan("SELECT 1", 0)).toEqual({ text: "pos:SELECT 1" });
    const second = policy.plan("SELECT 1", 0);
    expect("template" in second && [...second.template]).toEqual(["pos:SELECT 1"]);
    expect("template" in second && second.template.raw).toEqual(["pos:SELECT 1"]);
    // the same template object every time after
    expect(policy.plan("SELECT 1", 0)).toStrictEqual(second);
    for (let i = 0; i < 3; i++) expect(policy.plan("CREATE TABLE t (id TEXT)", 0)).toEqual({ text: "pos:CREATE TABLE t (id TEXT)" });
    policy.plan("  with q as (select 1) select * from q", 0);
    expect("template" in policy.plan("  with q as (select 1) select * from q", 0)).toBe(true);
    expect(policy.preparedCount).toBe(2);
    // the cap is reached: a third text stays unprepared however often it runs
    for (let i = 0; i < 3; i++) expect(policy.plan("UPDATE t SET a = 1", 0)).toEqual({ text: "pos:UPDATE t SET a = 1" });
  });
});

describe("placeholders", () => {
  it("numbers ? for PostgreSQL", () => {
    expect(toPositional("a = ? AND b IN (?, ?)")).toBe("a = $1 AND b IN ($2, $3)");
  });
});
