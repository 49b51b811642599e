import { SQL } from "bun";
import { ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeClickhouse, type FakeClickhouse } from "../../../../../scripts/fakes/clickhouse.ts";
import { untilTrue } from "./until-true.testkit.ts";
import mysql from "mysql2/promise";
import { createClickhouseDriver } from "./driver-clickhouse.ts";
import { createMysqlDriver } from "./driver-mysql.ts";
import { createPostgresDriver, readOnlyTx } from "./driver-postgres.ts";
import type { SourceDriver } from "../ports.ts";
import { mysqlSource, postgresSource, type SourceDb } from "./source-dbs.testkit.ts";

/** What a failed driver call threw (an AppError: code, status). */
async function failure(p: Promise<unknown>): Promise<{ code: string; status: number; message: string; params?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error("expected a failure");
}
const limits = { timeoutMs: 10_000, rowCap: 100 };

describe("PostgreSQL driver (Bun SQL)", () => {
  let src: SourceDb;
  let driver: SourceDriver;
  let admin: SQL;
  beforeAll(async () => {
    src = await postgresSource();
    driver = createPostgresDriver(src.url, { poolMax: 2 });
    admin = new SQL(src.url);
  });
  afterAll(async () => {
    await driver?.close();
    await admin?.close();
    await src?.drop();
  });
  const sleepers = async () => Number((await admin.unsafe("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()", [src.name]))[0].n);

  it("tests the connection and lists tables with value types", async () => {
    expect((await driver.test()).version).toMatch(/^PostgreSQL 1\d/);
    const sales = (await driver.tables()).find((t) => t.name === "sales");
    expect(sales?.columns.map((c) => [c.name, c.type])).toEqual([["id", "number"], ["region", "string"], ["amount", "number"], ["big", "number"], ["day", "date"]]);
  });

  it("binds parameters, gives numeric and int8 as numbers and dates as days, and caps rows", async () => {
    const r = await driver.query({ sql: "SELECT id, region, amount, big, day FROM sales WHERE region = $1 ORDER BY id", values: ["华东"] }, limits);
    expect(r.rows).toEqual([{ id: 1, region: "华东", amount: 120.5, big: 9007199254740, day: "2026-11-01" }, { id: 3, region: "华东", amount: 42.25, big: 3, day: "2026-11-03" }]);
    expect(r.columns.map((c) => c.type)).toEqual(["number", "string", "number", "number", "date"]);
    const capped = await driver.query({ sql: "SELECT id FROM sales ORDER BY id", values: [] }, { ...limits, rowCap: 3 });
    expect([capped.rows.map((x) => x.id), capped.truncated]).toEqual([[1, 2, 3], true]);
    const empty = await driver.query({ sql: "SELECT id, region FROM sales WHERE id < 0", values: [] }, limits);
    expect([empty.rows, empty.columns.map((c) => c.name), empty.truncated]).toEqual([[], ["id", "region"], false]);
  });

  it("refuses writes, also hidden in a WITH, and a second statement; the table is unchanged", async () => {
    for (const sql of [
      "WITH x AS (DELETE FROM sales RETURNING *) SELECT * FROM x",
      "WITH x AS (UPDATE sales SET amount = 0 RETURNING id) SELECT id FROM x",
      "INSERT INTO sales VALUES (9, 'x', 1, 1, now())",
      "CREATE TABLE evil AS SELECT 1",
      "SELECT * FROM sales FOR UPDATE",
    ]) expect((await failure(driver.query({ sql, values: [] }, limits))).code, sql).toBe("reports.query_read_only");
    expect((await failure(driver.query({ sql: "SELECT 1; DELETE FROM sales", values: [] }, limits))).code).toBe("reports.query_multiple_statements");
    // a write no text screen can see (inside a function) is refused by the read-only transaction itself
    await admin.unsafe("CREATE FUNCTION bump() RETURNS int LANGUAGE sql AS 'INSERT INTO sales VALUES (99, ''x'', 1, 1, now()) RETURNING 1'");
    expect((await failure(driver.query({ sql: "SELECT bump() AS n", values: [] }, limits))).code).toBe("reports.query_read_only");
    expect((await failure(driver.query({ sql: "SELECT nope FROM sales", values: [] }, limits))).status).toBe(400);
    expect(Number((await admin.unsafe("SELECT count(*)::int AS n FROM sales"))[0].n)).toBe(5);
  });

  it("cancels a statement past its timeout on the server (504) and on abort (499)", async () => {
    const timedOut = await failure(driver.query({ sql: "SELECT pg_sleep(5)", values: [] }, { timeoutMs: 300, rowCap: 10 }));
    expect([timedOut.code, timedOut.status]).toEqual(["reports.query_timeout", 504]);
    expect(await sleepers()).toBe(0);
    const ac = new AbortController();
    const running = driver.query({ sql: "SELECT pg_sleep(5)", values: [] }, { timeoutMs: 20_000, rowCap: 10, signal: ac.signal });
    await untilTrue(async () => (await sleepers()) === 1, "the sleep to start");
    ac.abort();
    const cancelled = await failure(running);
    expect([cancelled.code, cancelled.status]).toEqual(["reports.query_cancelled", 499]);
    await untilTrue(async () => (await sleepers()) === 0, "the sleep to be gone");
  });

  it("an abort that lands between two statements still cancels the next one (the cancel is repeated)", async () => {
    const pool = new SQL(src.url, { max: 2 });
    const ac = new AbortController();
    const started = Date.now();
    const run = readOnlyTx(pool, { timeoutMs: 20_000, signal: ac.signal }, async (tx) => {
      await tx.unsafe("SELECT 1");
      // aborted while the backend is idle in the transaction: a single cancel now would be lost
      ac.abort();
      await Bun.sleep(150);
      return tx.unsafe("SELECT pg_sleep(5)");
    });
    const e = await failure(run);
    await pool.close();
    expect([e.code, e.status]).toEqual(["reports.query_cancelled", 499]);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("streams every row in batches through a cursor", async () => {
    const sizes: number[] = [];
    const r = await driver.stream({ sql: "SELECT g AS n, g::numeric / 2 AS half FROM generate_series(1, 2500) g", values: [] }, { timeoutMs: 10_000 }, async (rows) => {
      sizes.push(rows.length);
      expect(typeof rows[0]!.half).toBe("number");
    });
    expect([r.rows, sizes]).toEqual([2500, [1000, 1000, 500]]);
  });

  it("an unreachable server is a 502 without the password", async () => {
    const bad = createPostgresDriver("postgres://report:Sup3r-Secret@127.0.0.1:1/x", { poolMax: 1 });
    const e = await failure(bad.test());
    await bad.close();
    expect([e.code, e.status]).toEqual(["reports.source_unreachable", 502]);
    expect(JSON.stringify(e) + e.message + String(e.params?.detail)).not.toContain("Sup3r-Secret");
  });
});

describe("MySQL/MariaDB driver (mysql2)", () => {
  let src: SourceDb;
  let driver: SourceDriver;
  beforeAll(async () => {
    src = await mysqlSource();
    driver = createMysqlDriver(src.url, { poolMax: 2 });
  });
  afterAll(async () => {
    await driver?.close();
    await src?.drop();
  });

  it("tests, lists tables, binds, caps and streams", async () => {
    expect((await driver.test()).version).toMatch(/MariaDB/);
    const sales = (await driver.tables()).find((t) => t.name === "sales");
    expect(sales?.columns.map((c) => c.type)).toEqual(["number", "string", "number", "number", "date"]);
    const r = await driver.query({ sql: "SELECT id, amount, day FROM sales WHERE region = ? ORDER BY id", values: ["华北"] }, limits);
    expect(r.rows).toEqual([{ id: 2, amount: 80, day: "2026-11-02" }, { id: 5, amount: 99, day: "2026-11-05" }]);
    const capped = await driver.query({ sql: "SELECT id FROM sales ORDER BY id", values: [] }, { ...limits, rowCap: 2 });
    expect([capped.rows.length, capped.truncated]).toEqual([2, true]);
    // the connection is usable again after a capped (killed) statement
    expect((await driver.query({ sql: "SELECT COUNT(*) AS n FROM sales", values: [] }, limits)).rows).toEqual([{ n: 5 }]);
    const sizes: number[] = [];
    const s = await driver.stream({ sql: "SELECT seq AS n FROM seq_1_to_2500", values: [] }, { timeoutMs: 10_000 }, async (rows) => void sizes.push(rows.length));
    expect([s.rows, sizes]).toEqual([2500, [1000, 1000, 500]]);
  });

  it("refuses writes and file access; a write inside a function meets the read-only transaction", async () => {
    const admin = await mysql.createConnection({ uri: src.url });
    await admin.query("CREATE FUNCTION bump() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO sales VALUES (99, 'x', 1, 1, '2026-01-01'); RETURN 1; END");
    await admin.end();
    expect((await failure(driver.query({ sql: "SELECT bump() AS n", values: [] }, limits))).code).toBe("reports.query_read_only");
    expect((await driver.query({ sql: "SELECT COUNT(*) AS n FROM sales", values: [] }, limits)).rows).toEqual([{ n: 5 }]);
    for (const sql of ["DELETE FROM sales", "UPDATE sales SET amount = 0", "SELECT * FROM sales INTO OUTFILE '/tmp/x'", "SELECT LOAD_FILE('/etc/passwd')"])
      expect((await failure(driver.query({ sql, values: [] }, limits))).code, sql).toBe("reports.query_read_only");
  });

  it("times out on the server (504) and cancels on abort (499)", async () => {
    const timedOut = await failure(driver.query({ sql: "SELECT SLEEP(5)", values: [] }, { timeoutMs: 300, rowCap: 10 }));
    expect([timedOut.code, timedOut.status]).toEqual(["reports.query_timeout", 504]);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const cancelled = await failure(driver.query({ sql: "SELECT SLEEP(5)", values: [] }, { timeoutMs: 20_000, rowCap: 10, signal: ac.signal }));
    expect(cancelled.code).toBe("reports.query_cancelled");
  });

  it("an unreachable server is a 502 without the password", async () => {
    const bad = createMysqlDriver("mysql://report:Sup3r-Secret@127.0.0.1:1/x", { poolMax: 1 });
    const e = await failure(bad.test());
    await bad.close();
    expect([e.code, e.status]).toEqual(["reports.source_unreachable", 502]);
    expect(JSON.stringify(e) + e.message + String(e.params?.detail)).not.toContain("Sup3r-Secret");
  });
});

describe("ClickHouse driver (@clickhouse/client against the stand-in)", () => {
  let fake: FakeClickhouse;
  let driver: SourceDriver;
  beforeAll(async () => {
    fake = await startFakeClickhouse();
    driver = createClickhouseDriver(`clickhouse://default:Sup3r-Secret@127.0.0.1:${fake.port}/default`, { poolMax: 2 });
  });
  afterAll(async () => {
    await driver?.close();
    await fake?.close();
  });

  it("tests, lists tables, binds typed parameters and caps rows", async () => {
    expect((await driver.test()).version).toBe("24.8.1.fake");
    expect((await driver.tables()).map((t) => t.name)).toEqual(["events"]);
    const r = await driver.query({ sql: "SELECT id, region FROM events WHERE region = {p1:String} ORDER BY id", values: ["华东"] }, limits);
    expect(r.rows).toEqual([{ id: 1, region: "华东" }, { id: 3, region: "华东" }]);
    const capped = await driver.query({ sql: "SELECT id FROM events ORDER BY id", values: [] }, { ...limits, rowCap: 2 });
    expect([capped.rows.length, capped.truncated]).toEqual([2, true]);
    // UInt64 comes quoted in JSON: a number again
    const counted = await driver.query({ sql: "SELECT region, count(*) AS n FROM events GROUP BY region ORDER BY region", values: [] }, limits);
    expect(counted.columns[1]).toEqual({ name: "n", type: "number", source_type: "UInt64" });
    expect(counted.rows.map((x) => x.n)).toEqual([2, 2, 1]);
  });

  it("the server's readonly refusal (164) and timeout (159) map to 400 and 504; abort cancels", async () => {
    // the stand-in, like ClickHouse, refuses a write under readonly=1 with code 164; the driver refuses it before that
    const raw = createClient({ url: fake.url, log: { level: ClickHouseLogLevel.OFF } });
    const refused = (await failure(raw.command({ query: "INSERT INTO events VALUES (9, 'x', 1, '2026-01-01')", clickhouse_settings: { readonly: "1" } }))) as unknown as { code: string };
    await raw.close();
    expect(refused.code).toBe("164");
    expect((await failure(driver.query({ sql: "INSERT INTO events VALUES (9, 'x', 1, '2026-01-01')", values: [] }, limits))).code).toBe("reports.query_read_only");
    const timedOut = await failure(driver.query({ sql: "SELECT sleep(3)", values: [] }, { timeoutMs: 300, rowCap: 10 }));
    expect([timedOut.code, timedOut.status]).toEqual(["reports.query_timeout", 504]);
    const ac = new AbortController();
    const running = driver.query({ sql: "SELECT sleep(3)", values: [] }, { timeoutMs: 20_000, rowCap: 10, signal: ac.signal });
    await untilTrue(async () => fake.running().length === 1, "the sleep to start");
    ac.abort();
    expect((await failure(running)).code).toBe("reports.query_cancelled");
    await untilTrue(async () => fake.running().length === 0, "the stand-in to let the query go");
  });

  it("an unreachable server is a 502 without the password", async () => {
    const bad = createClickhouseDriver("http://default:Sup3r-Secret@127.0.0.1:1/default", { poolMax: 1 });
    const e = await failure(bad.test());
    await bad.close();
    expect([e.code, e.status]).toEqual(["reports.source_unreachable", 502]);
    expect(JSON.stringify(e) + e.message + String(e.params?.detail)).not.toContain("Sup3r-Secret");
  });
});
