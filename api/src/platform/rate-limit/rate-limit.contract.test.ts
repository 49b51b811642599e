import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../db/db.ts";
import { migrate } from "../db/migrate.ts";
import { testDatabase, type TestDatabase } from "../../testing/databases.ts";
import { TEST_REDIS_URL, deleteKeys } from "../queue/driver.harness.ts";
import { createRateLimiter, type RateLimiter } from "../rate-limit.ts";
import { createRedisRateLimiter } from "./redis-limiter.ts";
import { createStoreRateLimiter } from "./store-limiter.ts";

/**
 * One suite, every limiter driver. `open` gives another process's limiter on the same backend (memory: the same
 * one, it has no other). Times are the caller's: the windows move with the test's numbers, not the wall clock.
 */
type Harness = { shared: boolean; open(): Promise<RateLimiter>; close(): Promise<void> };

const T0 = 1_800_000_000_000;

function runLimiterContract(name: string, harness: () => Promise<Harness>) {
  describe(`rate limiter contract: ${name}`, () => {
    let h: Harness;
    let a: RateLimiter;
    let b: RateLimiter;
    let n = 0;
    const key = () => `k${++n}:${Math.random().toString(36).slice(2, 8)}`;
    beforeAll(async () => {
      h = await harness();
      a = await h.open();
      b = h.shared ? await h.open() : a;
    });
    afterAll(async () => h?.close());

    it("counts hits in a fixed window and says when to come back", async () => {
      const k = key();
      expect(await a.hit(k, 2, 60_000, T0)).toEqual({ allowed: true, retryAfterSeconds: 60, remaining: 1 });
      expect(await b.hit(k, 2, 60_000, T0 + 10_000)).toEqual({ allowed: true, retryAfterSeconds: 50, remaining: 0 });
      expect(await a.hit(k, 2, 60_000, T0 + 59_500)).toEqual({ allowed: false, retryAfterSeconds: 1, remaining: 0 });
      // the window ends at its first hit + windowMs: a new one starts
      expect(await b.hit(k, 2, 60_000, T0 + 60_000)).toEqual({ allowed: true, retryAfterSeconds: 60, remaining: 1 });
    });

    it("keeps keys apart and forgets a key on reset (from any process)", async () => {
      const k1 = key();
      const k2 = key();
      for (let i = 0; i < 3; i++) await a.hit(k1, 3, 60_000, T0);
      expect((await b.hit(k1, 3, 60_000, T0)).allowed).toBe(false);
      expect((await b.hit(k2, 3, 60_000, T0)).remaining).toBe(2);
      await b.reset(k1);
      expect(await a.hit(k1, 3, 60_000, T0 + 1)).toMatchObject({ allowed: true, remaining: 2 });
    });

    it("shows a live window without counting, from any process", async () => {
      const k = key();
      expect(await a.peek(k, T0)).toBeNull();
      await a.hit(k, 5, 60_000, T0);
      await a.hit(k, 5, 60_000, T0 + 1);
      expect(await b.peek(k, T0 + 2)).toEqual({ count: 2, windowEnd: T0 + 60_000 });
      expect(await b.peek(k, T0 + 3)).toEqual({ count: 2, windowEnd: T0 + 60_000 });
      expect(await b.peek(k, T0 + 60_000)).toBeNull();
    });

    it("counts concurrent hits from every process exactly", async () => {
      const k = key();
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).hit(k, 25, 60_000, T0)));
      expect(results.filter((r) => r.allowed)).toHaveLength(25);
      expect(results.filter((r) => !r.allowed)).toHaveLength(15);
    });
  });
}

runLimiterContract("memory", async () => ({ shared: false, open: async () => createRateLimiter(), close: async () => {} }));

runLimiterContract("postgres table", async () => {
  const tdb: TestDatabase = await testDatabase("postgres");
  const dbs: Db[] = [];
  const open = async () => {
    const db = await openDb(tdb.url, { poolMax: 4 });
    if (dbs.length === 0) await migrate(db);
    dbs.push(db);
    return createStoreRateLimiter(db);
  };
  return {
    shared: true, open,
    async close() {
      for (const db of dbs) await db.close();
      await tdb.drop();
    },
  };
});

runLimiterContract("redis", async () => {
  const prefix = `ops-rl-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const limiters: RateLimiter[] = [];
  return {
    shared: true,
    async open() {
      limiters.push(createRedisRateLimiter({ url: TEST_REDIS_URL, prefix }));
      return limiters.at(-1)!;
    },
    async close() {
      for (const l of limiters) await l.close?.();
      await deleteKeys(prefix);
    },
  };
});
