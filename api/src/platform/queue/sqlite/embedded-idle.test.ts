import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../clock.ts";
import { openDb, type Db } from "../../db/db.ts";
import { migrate } from "../../db/migrate.ts";
import { ENGINES, testDatabase, type TestDatabase } from "../../../testing/databases.ts";
import { runWorker } from "../worker.ts";
import { createEmbeddedDriver, type WaitTimers } from "./embedded-driver.ts";
import { QUEUE_CHANNEL } from "./notifier.ts";

/** No idle waiter may wake more often than this (the old driver re-checked every 10 s per queue). */
const MIN_IDLE_TIMER_MS = 60_000;

/** A timer spy: records every timer the driver sets, fires them by hand. */
function spyTimers() {
  const live = new Map<number, { fn: () => void; ms: number }>();
  const set: number[] = [];
  let next = 0;
  let onSet: (() => void) | undefined;
  const timers: WaitTimers = {
    set(fn, ms) {
      live.set(++next, { fn, ms });
      set.push(ms);
      onSet?.();
      return next;
    },
    clear: (handle) => void live.delete(handle as number),
  };
  return {
    timers,
    set,
    /** Resolves with the delay of the next timer set. */
    nextTimer: () => new Promise<number>((resolve) => (onSet = () => resolve(set.at(-1)!))),
    fireAll() {
      for (const [id, t] of [...live]) {
        live.delete(id);
        t.fn();
      }
    },
  };
}

function within<T>(work: Promise<T>, what: string, ms = 3_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fail = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms)));
  return Promise.race([work, fail]).finally(() => clearTimeout(timer));
}

describe.each(ENGINES)("embedded queue at rest (%s)", (engine) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await testDatabase(engine);
    db = await openDb(tdb.url);
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    await tdb.drop();
  });

  it("sets no timer shorter than a minute with no work, and still wakes for a delayed job when it falls due", async () => {
    const clock = fixedClock("2026-03-01T00:00:00.000Z");
    const spy = spyTimers();
    const driver = createEmbeddedDriver({ db, clock, timers: spy.timers });
    const stop = new AbortController();
    let timer = spy.nextTimer();
    const idle = driver.waitForWork("idle-q", stop.signal);
    expect(await timer).toBeGreaterThanOrEqual(MIN_IDLE_TIMER_MS);
    stop.abort();
    await idle;

    await driver.enqueue("later-q", "report", {}, { delayMs: 5_000 });
    timer = spy.nextTimer();
    const due = driver.waitForWork("later-q");
    expect(await timer).toBe(5_000);
    expect(await driver.reserve("later-q")).toBeNull();
    clock.advance(5_000);
    spy.fireAll();
    await within(due, "the delayed job's timer to end the wait");
    expect((await driver.reserve("later-q"))?.name).toBe("report");
    expect(spy.set.filter((ms) => ms < 5_000)).toEqual([]);
    await driver.close();
  });

  it.runIf(engine === "postgres")("wakes a waiter in another process (its own pool) at once, through LISTEN/NOTIFY", async () => {
    const other = await openDb(tdb.url);
    const clock = fixedClock("2026-03-01T00:00:00.000Z");
    const spy = spyTimers();
    const waiting = createEmbeddedDriver({ db, clock, timers: spy.timers });
    const producer = createEmbeddedDriver({ db: other, clock });
    try {
      const asleep = spy.nextTimer();
      const wait = waiting.waitForWork("cross-q");
      // The waiter has read the table and gone to sleep: only a signal can wake it now.
      await asleep;
      await other.tx(async () => {
        await producer.enqueue("cross-q", "hello", {});
      });
      await within(wait, "the other process's enqueue to wake the waiter");
      expect((await waiting.reserve("cross-q"))?.name).toBe("hello");
    } finally {
      await waiting.close();
      await producer.close();
      await other.close();
    }
  });

  it.runIf(engine === "postgres")("close() sends a coalesced NOTIFY still waiting for its window before the Store goes", async () => {
    const own = await openDb(tdb.url);
    const heard: string[] = [];
    const twoHeard = Promise.withResolvers<void>();
    const unlisten = await db.listen(QUEUE_CHANNEL, (payload) => {
      if (!payload.startsWith("flush-q|")) return;
      heard.push(payload);
      if (heard.length === 2) twoHeard.resolve();
    });
    const producer = createEmbeddedDriver({ db: own });
    try {
      await producer.enqueue("flush-q", "a", {});
      // Within the window: no NOTIFY of its own, a trailing one is due.
      await producer.enqueue("flush-q", "b", {});
      await producer.close();
      await own.close();
      await within(twoHeard.promise, "the trailing NOTIFY to be sent at close");
    } finally {
      await unlisten();
    }
  });

  it.runIf(engine === "postgres")("an idle worker in another process takes jobs at once, with no idle re-check in reach", async () => {
    const other = await openDb(tdb.url);
    const clock = fixedClock("2026-03-01T00:00:00.000Z");
    const spy = spyTimers();
    const DAY = 24 * 3600_000;
    // Process B: a worker whose only timer is a day away and is never fired here.
    const consumer = createEmbeddedDriver({ db, clock, timers: spy.timers, idleRecheckMs: DAY });
    const producer = createEmbeddedDriver({ db: other, clock });
    const done: string[] = [];
    const first = Promise.withResolvers<void>();
    const all = Promise.withResolvers<void>();
    const asleep = spy.nextTimer();
    const worker = runWorker(consumer, "cross-w", (job) => job.name, {
      concurrency: 4,
      onEvent: (e) => {
        if (e.type !== "completed") return;
        done.push(e.job.name);
        if (done.length === 1) first.resolve();
        if (done.length === 41) all.resolve();
      },
    });
    try {
      expect(await asleep).toBe(DAY);
      await producer.enqueue("cross-w", "one", {});
      await within(first.promise, "the worker in the other process to take the job");
      // A burst: NOTIFYs are coalesced (one per window), the trailing one must cover the last enqueues.
      await Promise.all(Array.from({ length: 40 }, (_, i) => producer.enqueue("cross-w", `burst-${i}`, {})));
      await within(all.promise, "the worker in the other process to take the whole burst");
      expect(done.length).toBe(41);
    } finally {
      await worker.stop();
      await consumer.close();
      await producer.close();
      await other.close();
    }
  });
});
