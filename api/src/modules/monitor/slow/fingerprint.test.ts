import { describe, expect, it } from "vitest";
import { fixedClock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import { createLogger } from "../../../platform/logger.ts";
import { clipSql, fingerprintOf, MAX_SQL_CHARS } from "./fingerprint.ts";
import { createSlowRecorder } from "./recorder.ts";
import { percentile } from "./slow.store.ts";

describe("slow query fingerprints", () => {
  it("normalises literals, numbers, placeholders, IN-lists, whitespace and keyword case", () => {
    const a = fingerprintOf("SELECT  *\n FROM t1 WHERE a = 'x''y' AND b = 42 AND c IN (1,2, 3) -- note\n AND d = $1 AND e = :name AND f = ? AND g::text = 'q'");
    const b = fingerprintOf("select * from t1 where a = 'zz' and b = 7.5 and c in ($2) and d = $3 and e = :other and f = ? and g::text = 'r' /* x */");
    expect(a).toBe("select * from t1 where a = ? and b = ? and c in (...) and d = ? and e = ? and f = ? and g::text = ?");
    expect(b).toBe(a);
  });

  it("keeps identifiers (quoted ones with their case) and tells different shapes apart", () => {
    expect(fingerprintOf('SELECT "Region", t2.col3 FROM `Sales` s2 WHERE x = 1e3')).toBe('select "Region", t2.col3 from `Sales` s2 where x = ?');
    expect(fingerprintOf("SELECT a FROM t WHERE b = 1")).not.toBe(fingerprintOf("SELECT a FROM t WHERE c = 1"));
    expect(fingerprintOf("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')")).toBe(fingerprintOf("insert into t values (9, 'z')").replace("(?, ?)", "(?, ?), ..."));
    expect(fingerprintOf("SELECT $$ a'b $$, $tag$ x $tag$")).toBe("select ?, ?");
    expect(fingerprintOf("select 'unterminated")).toBe("select ?");
  });

  it("clips the kept statement to 4,000 characters", () => {
    const long = `SELECT ${"x, ".repeat(3000)}y FROM t`;
    expect(clipSql(long)).toHaveLength(MAX_SQL_CHARS);
    expect(clipSql(long).endsWith("…")).toBe(true);
    expect(fingerprintOf(long).length).toBeLessThanOrEqual(MAX_SQL_CHARS);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 95)).toBe(19);
  });
});

/** A store stand-in that remembers the INSERTs (or fails them). */
function fakeDb(fail = false) {
  const inserts: unknown[][] = [];
  const db = {
    dialect: "sqlite",
    async run(sql: string, params: unknown[] = []) {
      if (fail) throw new Error("disk full");
      if (sql.startsWith("INSERT INTO monitor_slow_queries")) inserts.push(params);
    },
  } as unknown as Db;
  return { db, inserts };
}

describe("slow query recorder", () => {
  const clock = fixedClock("2026-12-01T00:00:00Z");
  const logger = createLogger("silent");

  it("keeps statements at or over the threshold only, writes them in one batch on flush, never the values", async () => {
    const { db, inserts } = fakeDb();
    const log = createSlowRecorder({ db, clock, logger, thresholdMs: 500, flushMs: 60_000 });
    log.recorder.record({ source: "report", sql: "SELECT a FROM t WHERE b = $1", durationMs: 499.9 });
    log.recorder.record({ source: "report", sql: "SELECT a FROM t WHERE b = $1", durationMs: 500, userId: "u1", username: "lina", datasourceId: "ds1", rows: 3 });
    log.recorder.record({ source: "job", sql: "SELECT 1", durationMs: 1200, error: "timeout" });
    expect(inserts).toHaveLength(0);
    await log.flush();
    expect(inserts).toHaveLength(1);
    const params = inserts[0]!;
    expect(params).toHaveLength(2 * 15);
    expect(params).toContain("lina");
    expect(params).toContain("timeout");
    expect(params).toContain("select a from t where b = ?");
    await log.stop();
  });

  it("never throws to the caller, even when the write fails or the timing is malformed", async () => {
    const { db } = fakeDb(true);
    const log = createSlowRecorder({ db, clock, logger, thresholdMs: 1, flushMs: 60_000 });
    expect(() => log.recorder.record({ source: "dataset", sql: "SELECT 1", durationMs: 10 })).not.toThrow();
    expect(() => log.recorder.record({ source: "dataset", sql: undefined as unknown as string, durationMs: 10 })).not.toThrow();
    await expect(log.flush()).resolves.toBeUndefined();
    await log.stop();
  });
});
