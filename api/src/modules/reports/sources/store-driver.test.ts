import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { SourceDriver } from "../ports.ts";
import { createStoreDriver } from "./driver-store.ts";
import { untilTrue } from "./until-true.testkit.ts";

async function failure(p: Promise<unknown>): Promise<{ code: string; status: number; params?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error("expected a failure");
}
const limits = { timeoutMs: 10_000, rowCap: 100 };

for (const engine of ENGINES) {
  describe(`store driver (${engine})`, () => {
    let t: TestSystem;
    let db: Db;
    let store: SourceDriver;
    const p = (n: number) => (engine === "postgres" ? `$${n}` : "?");
    beforeAll(async () => {
      t = await createTestSystem({ engine, demo: false });
      db = t.system.db;
      await db.run("CREATE TABLE rpt_demo_sales (id INTEGER, region TEXT, amount REAL, day TEXT)");
      await db.run("INSERT INTO rpt_demo_sales VALUES (1, '华东', 120.5, '2026-11-01'), (2, '华北', 80, '2026-11-02'), (3, '华东', 42.25, '2026-11-03')");
      await db.run("CREATE TABLE rpt_up_abc (k TEXT, v INTEGER)");
      await db.run("INSERT INTO rpt_up_abc VALUES ('a', 1), ('b', 2)");
      // a report-looking view over an OPS table: the plan shows what it reads
      await db.run("CREATE VIEW rpt_demo_people AS SELECT username FROM users");
      store = createStoreDriver(db);
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it("reads report tables with bound parameters, caps rows and lists only report tables", async () => {
      const r = await store.query({ sql: `SELECT id, region, amount, day FROM rpt_demo_sales WHERE region = ${p(1)} ORDER BY id`, values: ["华东"] }, limits);
      expect(r.rows).toEqual([{ id: 1, region: "华东", amount: 120.5, day: "2026-11-01" }, { id: 3, region: "华东", amount: 42.25, day: "2026-11-03" }]);
      expect(r.columns.map((c) => c.type)).toEqual(["number", "string", "number", "date"]);
      const capped = await store.query({ sql: "SELECT id FROM rpt_demo_sales ORDER BY id", values: [] }, { ...limits, rowCap: 2 });
      expect([capped.rows.map((x) => x.id), capped.truncated]).toEqual([[1, 2], true]);
      const empty = await store.query({ sql: "SELECT id, region FROM rpt_demo_sales WHERE id < 0", values: [] }, limits);
      expect([empty.rows, empty.columns.map((c) => c.name)]).toEqual([[], ["id", "region"]]);
      expect((await store.tables()).map((x) => x.name).sort()).toEqual(["rpt_demo_people", "rpt_demo_sales", "rpt_up_abc"]);
    });

    it("refuses any other table however it is named (join, CTE, subquery, view, quotes, catalogue)", async () => {
      const attempts = [
        "SELECT * FROM users",
        'SELECT * FROM "users"',
        "SELECT s.id FROM rpt_demo_sales s JOIN users u ON 1 = 1",
        "WITH u AS (SELECT * FROM users) SELECT count(*) AS n FROM u",
        "SELECT id, (SELECT count(*) FROM sessions) AS n FROM rpt_demo_sales",
        "SELECT id FROM rpt_demo_sales WHERE EXISTS (SELECT 1 FROM users WHERE username = 'admin')",
        "SELECT * FROM rpt_demo_people",
        ...(engine === "sqlite"
          ? ["SELECT * FROM sqlite_schema", "SELECT * FROM pragma_table_info('users')", "SELECT * FROM temp.sqlite_temp_schema"]
          : ["SELECT * FROM pg_catalog.pg_authid", "SELECT * FROM information_schema.tables", "SELECT * FROM public.users"]),
      ];
      for (const sql of attempts) {
        const e = await failure(store.query({ sql, values: [] }, limits));
        expect([e.status, e.code], sql).toEqual([400, "reports.query_forbidden_table"]);
      }
    });

    it.runIf(engine === "postgres")("refuses functions that read files, run SQL text or look at sessions", async () => {
      for (const [sql, name] of [
        ["SELECT pg_read_file('/etc/passwd') AS x", "pg_read_file"],
        ["SELECT query_to_xml('select * from users', true, true, '') AS x", "query_to_xml"],
        ["SELECT * FROM pg_stat_get_activity(NULL)", "pg_stat_get_activity"],
        ["SELECT lo_import('/etc/passwd') AS x", "lo_import"],
      ] as const) {
        const e = await failure(store.query({ sql, values: [] }, limits));
        expect([e.code, e.params?.name], sql).toEqual(["reports.query_forbidden_function", name]);
      }
      // a function of our own could read anything inside its body
      await db.run("CREATE FUNCTION ops_leak() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM users); END $$");
      expect((await failure(store.query({ sql: "SELECT ops_leak() AS n", values: [] }, limits))).code).toBe("reports.query_forbidden_function");
    });

    it("refuses writes and leaves the table as it was", async () => {
      for (const sql of [
        "DELETE FROM rpt_demo_sales", "WITH x AS (DELETE FROM rpt_demo_sales RETURNING id) SELECT * FROM x", "SELECT 1; DELETE FROM rpt_demo_sales",
        // a backslash does not escape a quote in PostgreSQL or SQLite: this is two statements, not one string
        "SELECT 'a\\'; SELECT username FROM users; SELECT * FROM (SELECT '1'",
      ]) {
        expect((await failure(store.query({ sql, values: [] }, limits))).status, sql).toBe(400);
      }
      expect((await db.all("SELECT id FROM rpt_demo_sales")).length).toBe(3);
      // the store is writable again for the system's own statements
      await db.run("INSERT INTO rpt_demo_sales VALUES (4, '华南', 1, '2026-11-04')");
      await db.run("DELETE FROM rpt_demo_sales WHERE id = 4");
    });

    it("an upload's driver reads its own table only", async () => {
      const upload = createStoreDriver(db, { onlyTable: "rpt_up_abc" });
      expect((await upload.query({ sql: "SELECT k, v FROM rpt_up_abc ORDER BY k", values: [] }, limits)).rows).toEqual([{ k: "a", v: 1 }, { k: "b", v: 2 }]);
      const e = await failure(upload.query({ sql: "SELECT u.k FROM rpt_up_abc u JOIN rpt_demo_sales s ON 1 = 1", values: [] }, limits));
      expect([e.code, e.params?.table]).toEqual(["reports.query_forbidden_table", "rpt_demo_sales"]);
      expect((await upload.tables()).map((x) => x.name)).toEqual(["rpt_up_abc"]);
    });

    it("streams every row in batches", async () => {
      const sizes: number[] = [];
      const r = await store.stream(
        { sql: "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2500) SELECT n FROM g", values: [] },
        { timeoutMs: 10_000 }, async (rows) => void sizes.push(rows.length),
      );
      expect([r.rows, sizes]).toEqual([2500, [1000, 1000, 500]]);
    });

    it.runIf(engine === "postgres")("a statement past its timeout or aborted is cancelled on the server", async () => {
      const e = await failure(store.query({ sql: "SELECT pg_sleep(5) AS s", values: [] }, { timeoutMs: 300, rowCap: 10 }));
      expect([e.code, e.status]).toEqual(["reports.query_timeout", 504]);
      const sleeping = async () => Number((await db.all<{ n: number }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%pg_sleep(5) AS s%' AND pid <> pg_backend_pid()",
      ))[0]!.n);
      expect(await sleeping()).toBe(0);
      const ac = new AbortController();
      const running = store.query({ sql: "SELECT pg_sleep(5) AS s", values: [] }, { timeoutMs: 20_000, rowCap: 10, signal: ac.signal });
      await untilTrue(async () => (await sleeping()) === 1, "the sleep to start");
      ac.abort();
      expect((await failure(running)).code).toBe("reports.query_cancelled");
      await untilTrue(async () => (await sleeping()) === 0, "the sleep to be cancelled");
    });
  });
}
