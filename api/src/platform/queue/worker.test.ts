import { AppError } from "@ops/shared";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../clock.ts";
import { openDb, type Db } from "../db/db.ts";
import { migrate } from "../db/migrate.ts";
import { QueueError, type QueueDriver } from "./driver.ts";
import { createEmbeddedDriver } from "./sqlite/embedded-driver.ts";
import { consumersOf, isRetryable, runWorker, type WorkerEvent } from "./worker.ts";

// runWorker over the embedded driver. Its clock stands still, so no lease lapses by accident on a
// busy machine while renewals still fire on their real timers; the contract suite covers lapsed
// leases and runs the worker end to end on every driver.
describe("runWorker", () => {
  let db: Db;
  let driver: QueueDriver;
  let q = "";
  let n = 0;

  beforeAll(async () => {
    db = await openDb("sqlite://:memory:");
    await migrate(db);
    driver = createEmbeddedDriver({ db, clock: fixedClock("2026-03-01T00:00:00.000Z") });
  });
  afterAll(async () => {
    await driver.close();
    await db.close();
  });
  beforeEach(() => {
    q = `w${++n}`;
  });

  /** Collects events and resolves when one of the given type arrives. */
  const recorder = () => {
    const events: WorkerEvent[] = [];
    const waiters: Array<{ type: WorkerEvent["type"]; resolve: (e: WorkerEvent) => void }> = [];
    return {
      events,
      onEvent(e: WorkerEvent) {
        events.push(e);
        for (const w of waiters.filter((x) => x.type === e.type)) w.resolve(e);
      },
      next(type: WorkerEvent["type"]) {
        return new Promise<WorkerEvent>((resolve) => waiters.push({ type, resolve }));
      },
    };
  };

  it("renews the lease while a handler runs longer than the lease", async () => {
    let renewals = 0;
    const renewedTwice = Promise.withResolvers<void>();
    const spied: QueueDriver = {
      ...driver,
      async extendLease(lease, ms) {
        const until = await driver.extendLease(lease, ms);
        if (++renewals === 2) renewedTwice.resolve();
        return until;
      },
    };
    const id = await driver.enqueue(q, "slow", {});
    const rec = recorder();
    const worker = runWorker(spied, q, () => renewedTwice.promise.then(() => "done"), { leaseMs: 40, onEvent: rec.onEvent });
    await rec.next("completed");
    await worker.stop();
    expect(renewals).toBeGreaterThanOrEqual(2);
    expect(await driver.getJob(q, id)).toMatchObject({ state: "completed", result: "done", attempt: 1 });
  });

  it("aborts the handler's signal when the lease is lost, and neither completes nor fails the job", async () => {
    const lost: QueueDriver = {
      ...driver,
      extendLease: async () => {
        throw new QueueError("queue.lease_lost", "taken over");
      },
    };
    const id = await driver.enqueue(q, "slow", {});
    const rec = recorder();
    const worker = runWorker(lost, q, (_job, { signal }) => new Promise((resolve) => signal.addEventListener("abort", resolve)), {
      leaseMs: 40,
      onEvent: rec.onEvent,
    });
    await rec.next("lease_lost");
    await worker.stop();
    expect(rec.events.map((e) => e.type)).toEqual(["lease_lost"]);
    expect((await driver.getJob(q, id))?.state).toBe("active");
  });

  it("retries errors unless they are AppErrors marked not retryable", async () => {
    expect(isRetryable(new Error("network"))).toBe(true);
    expect(isRetryable(new AppError("notify.rate_limited", { status: 429, retryable: true }))).toBe(true);
    expect(isRetryable(new AppError("notify.bad_address", { status: 400 }))).toBe(false);
  });

  it("stop() lets running handlers finish and takes no new job", async () => {
    await driver.enqueue(q, "first", {});
    const started = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    const rec = recorder();
    const worker = runWorker(driver, q, async () => {
      started.resolve();
      await release.promise;
    }, { onEvent: rec.onEvent });
    await started.promise;
    await driver.enqueue(q, "second", {});
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(rec.events.map((e) => e.type)).toEqual(["completed"]);
    expect(await driver.stats(q)).toMatchObject({ completed: 1, waiting: 1, active: 0 });
  });

  it("drain() without a deadline waits for every running handler and hands nothing back", async () => {
    const id = await driver.enqueue(q, "slow", {});
    const started = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    const rec = recorder();
    runWorker(driver, q, async () => {
      started.resolve();
      await release.promise;
      return "done";
    }, { onEvent: rec.onEvent });
    await started.promise;
    let drained = false;
    const draining = consumersOf(driver).drain().then((r) => ((drained = true), r));
    await driver.enqueue(q, "after", {});
    await Promise.resolve();
    expect(drained).toBe(false);
    release.resolve();
    expect(await draining).toEqual({ finished: 1, handedBack: 0 });
    expect(await driver.getJob(q, id)).toMatchObject({ state: "completed", result: "done" });
    expect(await driver.stats(q)).toMatchObject({ waiting: 1, active: 0 });
    expect(consumersOf(driver).queues()).not.toContain(q);
  });

  it("hands back a job that came with a completion once the worker is stopping", async () => {
    await driver.enqueue(q, "first", {});
    const second = await driver.enqueue(q, "second", {});
    let stopping: Promise<void> | undefined;
    const chained: QueueDriver = {
      ...driver,
      async completeAndReserve(lease, result, options) {
        await driver.complete(lease, result);
        // The worker is told to stop while the next job is on its way.
        stopping = worker.stop();
        return driver.reserve(lease.queue, options);
      },
    };
    const rec = recorder();
    const worker = runWorker(chained, q, () => "ok", { onEvent: rec.onEvent });
    await rec.next("completed");
    await stopping;
    expect(rec.events.map((e) => e.type)).toEqual(["completed"]);
    expect(await driver.getJob(q, second)).toMatchObject({ state: "waiting", attempt: 0 });
  });

  it("reports a failing driver and carries on once it works again", async () => {
    let outages = 1;
    const flaky: QueueDriver = {
      ...driver,
      async reserveMany(queue, max, options) {
        if (outages-- > 0) throw new Error("store unreachable");
        return driver.reserveMany(queue, max, options);
      },
    };
    await driver.enqueue(q, "job", {});
    const rec = recorder();
    const worker = runWorker(flaky, q, () => "ok", { onEvent: rec.onEvent, errorPauseMs: 1 });
    await rec.next("completed");
    await worker.stop();
    expect(rec.events.map((e) => e.type)).toEqual(["error", "completed"]);
  });

  it("stops on its own when the driver is closed under it", async () => {
    const own = createEmbeddedDriver({ db });
    const worker = runWorker(own, `${q}-closing`, () => "ok");
    await own.close();
    await worker.stop();
    expect(worker.inFlight).toBe(0);
  });
});
