import IORedis from "ioredis";
import { fixedClock } from "../clock.ts";
import { openDb, type Db } from "../db/db.ts";
import { migrate } from "../db/migrate.ts";
import { testDatabase, type Engine } from "../../testing/databases.ts";
import type { QueueHarness } from "./driver.contract.ts";
import { createBullmqDriver } from "./bullmq/bullmq-driver.ts";
import { createEmbeddedDriver, type EmbeddedQueueDriver } from "./sqlite/embedded-driver.ts";

export const TEST_REDIS_URL = process.env.OPS_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Long enough that no contract test can pass by the idle re-check instead of a real wake-up. */
const IDLE_RECHECK_MS = 60_000;

/**
 * The embedded driver over a test database. SQLite: one Store shared by every instance, as in one
 * process (one process owns a SQLite file's writes here). PostgreSQL: a Store (pool) per instance,
 * as separate processes would have, so reservations really race.
 */
export async function embeddedHarness(engine: Engine): Promise<QueueHarness> {
  const tdb = await testDatabase(engine);
  const clock = fixedClock("2026-03-01T00:00:00.000Z");
  const first = await openDb(tdb.url);
  await migrate(first);
  const dbs: Db[] = [first];
  const drivers: EmbeddedQueueDriver[] = [];
  let operations = 0;
  let shared: Db | undefined;
  const counted = (db: Db): Db => ({
    ...db,
    dialect: db.dialect,
    all: (sql, params) => (operations++, db.all(sql, params)),
    get: (sql, params) => (operations++, db.get(sql, params)),
    run: (sql, params) => (operations++, db.run(sql, params)),
  });
  return {
    async open(tuning) {
      let db: Db;
      if (engine === "sqlite") db = shared ??= counted(first);
      else {
        // Small pools: a suite opens a dozen instances and the test server's connections are shared.
        const raw = dbs.length === 1 && drivers.length === 0 ? first : await openDb(tdb.url, { poolMax: 3 });
        if (raw !== first) dbs.push(raw);
        db = counted(raw);
      }
      const driver = createEmbeddedDriver({ db, clock, idleRecheckMs: IDLE_RECHECK_MS, ...tuning });
      drivers.push(driver);
      return driver;
    },
    now: () => clock.now(),
    async advance(ms) {
      clock.advance(ms);
      for (const driver of drivers) driver.nudge();
    },
    operations: () => operations,
    async close() {
      for (const driver of drivers) await driver.close();
      for (const db of dbs) await db.close();
      await tdb.drop();
    },
  };
}

/** BullMQ on the test Redis under a key prefix of this run's own, deleted afterwards. */
export async function bullmqHarness(): Promise<QueueHarness> {
  const prefix = `ops-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const drivers: Array<ReturnType<typeof createBullmqDriver>> = [];
  return {
    async open(tuning) {
      const driver = createBullmqDriver({ url: TEST_REDIS_URL, prefix, stalledCheckMs: 50, idleRecheckMs: IDLE_RECHECK_MS, ...tuning });
      drivers.push(driver);
      return driver;
    },
    now: () => new Date(),
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    async close() {
      for (const driver of drivers) await driver.close();
      await deleteKeys(prefix);
    },
  };
}

/** Deletes every key under `prefix:` on that Redis (a test's or a bench's queues). */
export async function deleteKeys(prefix: string, url: string = TEST_REDIS_URL): Promise<number> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    await redis.quit();
  }
  return deleted;
}
