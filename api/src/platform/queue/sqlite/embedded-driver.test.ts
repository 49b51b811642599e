import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../clock.ts";
import { openDb, type Db } from "../../db/db.ts";
import { migrate } from "../../db/migrate.ts";
import { ENGINES, testDatabase, type TestDatabase } from "../../../testing/databases.ts";
import { createEmbeddedDriver, type EmbeddedQueueDriver } from "./embedded-driver.ts";

// What only the embedded driver promises, beyond the shared contract: it lives in the Store.
describe.each(ENGINES)("embedded queue driver on %s", (engine) => {
  let tdb: TestDatabase;
  let db: Db;
  let driver: EmbeddedQueueDriver;
  const clock = fixedClock("2026-03-01T00:00:00.000Z");
  let q = "";
  let n = 0;

  beforeAll(async () => {
    tdb = await testDatabase(engine);
    db = await openDb(tdb.url);
    await migrate(db);
    driver = createEmbeddedDriver({ db, clock, keepCompletedMs: 3_600_000, idleRecheckMs: 60_000 });
  });
  afterAll(async () => {
    await driver.close();
    await db.close();
    await tdb.drop();
  });
  beforeEach(() => {
    q = `e${++n}`;
  });

  it("enqueues inside a Store transaction: nothing on rollback, a wake-up only after commit", async () => {
    await expect(
      db.tx(async () => {
        await driver.enqueue(q, "notify", { to: "lina" });
        throw new Error("approval rejected");
      }),
    ).rejects.toThrow("approval rejected");
    expect(await driver.stats(q)).toMatchObject({ waiting: 0 });

    const order: string[] = [];
    const wait = driver.waitForWork(q).then(() => order.push("woken"));
    await db.tx(async () => {
      await driver.enqueue(q, "notify", { to: "lina" });
      await Promise.resolve();
      order.push("committing");
    });
    await wait;
    expect(order).toEqual(["committing", "woken"]);
    expect(await driver.stats(q)).toMatchObject({ waiting: 1 });
  });

  it("drops completed jobs after their retention, which frees their idempotency key", async () => {
    const key = "cron:cleanup:2026-03-01T00:00:00.000Z";
    const id = await driver.enqueue(q, "run", {}, { idempotencyKey: key });
    await driver.complete((await driver.reserve(q))!);
    clock.advance(3_600_000 + 60_000);
    await driver.enqueue(q, "other", {});
    await driver.complete((await driver.reserve(q))!);
    expect(await driver.getJob(q, id)).toBeNull();
    expect(await driver.enqueue(q, "run", {}, { idempotencyKey: key })).not.toBe(id);
  });

  it("reports waiting, delayed and dead jobs by the Store's clock", async () => {
    await driver.enqueue(q, "now", {});
    await driver.enqueue(q, "later", {}, { delayMs: 1_000 });
    const job = await driver.reserve(q);
    await driver.fail(job!, new Error("no"), { retry: false });
    expect(await driver.stats(q)).toEqual({ waiting: 0, delayed: 1, active: 0, completed: 0, dead: 1 });
    clock.advance(1_000);
    expect(await driver.stats(q)).toEqual({ waiting: 1, delayed: 0, active: 0, completed: 0, dead: 1 });
  });

  it("rejects options BullMQ could not honour either", async () => {
    await expect(driver.enqueue(q, "x", {}, { priority: -1 })).rejects.toMatchObject({ code: "queue.invalid_option" });
    await expect(driver.enqueue(q, "x", {}, { attempts: 0 })).rejects.toMatchObject({ code: "queue.invalid_option" });
    await expect(driver.enqueue("bad:name", "x", {})).rejects.toMatchObject({ code: "queue.invalid_option" });
    expect(await driver.stats(q)).toMatchObject({ waiting: 0 });
  });
});
