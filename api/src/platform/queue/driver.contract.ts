import { AppError } from "@ops/shared";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DriverTuning, QueueDriver, ReserveOptions, ReservedJob } from "./driver.ts";
import { runWorker, type WorkerEvent } from "./worker.ts";

/**
 * One suite, every driver (the way Hono runs one router suite against every router). A harness
 * gives driver instances over one shared backend, as separate processes would see it, and a way
 * to move time: the embedded driver's clock jumps, BullMQ really waits (so times here stay small).
 */
export type QueueHarness = {
  /** Another driver instance on the same backend. */
  open(tuning?: DriverTuning): Promise<QueueDriver>;
  now(): Date;
  advance(ms: number): Promise<void>;
  /** Backend operations issued so far, where the harness can count them. */
  operations?(): number;
  close(): Promise<void>;
};

export type ContractOptions = { name: string; harness: () => Promise<QueueHarness> };

const LEASE = 250;
const LONG = 60_000;
const DELAY = 300;
const BACKOFF = 300;
/** Real-time slack for BullMQ's own clock readings; the embedded driver lands exactly. */
const SLACK = 400;

export function runQueueContract({ name, harness }: ContractOptions) {
  describe(`queue contract: ${name}`, () => {
    let h: QueueHarness;
    let d: QueueDriver;
    let q = "";
    let n = 0;

    beforeAll(async () => {
      h = await harness();
      d = await h.open();
    });
    afterAll(async () => {
      await h?.close();
    });
    beforeEach(() => {
      q = `t${++n}`;
    });

    const near = (actual: Date | null | undefined, expected: number) => {
      expect(actual).toBeInstanceOf(Date);
      expect(actual!.getTime()).toBeGreaterThanOrEqual(expected - 5);
      expect(actual!.getTime()).toBeLessThanOrEqual(expected + SLACK);
    };

    it("enqueues, reserves under a lease and completes", async () => {
      const id = await d.enqueue(q, "greet", { to: "lina", n: 1 });
      expect(await d.stats(q)).toEqual({ waiting: 1, delayed: 0, active: 0, completed: 0, dead: 0 });
      const before = h.now().getTime();
      const job = await d.reserve<{ to: string }>(q, { leaseMs: LONG, workerId: "w1" });
      expect(job).toMatchObject({ id, queue: q, name: "greet", payload: { to: "lina", n: 1 }, attempt: 1, maxAttempts: 1 });
      near(job!.leaseExpiresAt, before + LONG);
      expect(await d.reserve(q)).toBeNull();
      expect(await d.stats(q)).toMatchObject({ waiting: 0, active: 1 });
      await d.complete(job!, { sent: true });
      expect(await d.getJob(q, id)).toMatchObject({ state: "completed", result: { sent: true }, attempt: 1, error: null });
      expect(await d.stats(q)).toMatchObject({ active: 0, completed: 1 });
      await expect(d.complete(job!)).rejects.toMatchObject({ code: "queue.lease_lost" });
      expect(await d.getJob(q, "no-such-job")).toBeNull();
    });

    it("runs lower priority numbers first and keeps FIFO within a priority", async () => {
      const plan: Array<[string, number]> = [["a", 0], ["b", 5], ["c", 1], ["d", 0], ["e", 1], ["f", 5]];
      for (const [job, priority] of plan) await d.enqueue(q, job, {}, { priority });
      expect(await drain(d, q)).toEqual(["a", "d", "c", "e", "b", "f"]);
    });

    it("holds a delayed job until it is due", async () => {
      const start = h.now().getTime();
      const later = await d.enqueue(q, "later", {}, { delayMs: DELAY });
      const at = await d.enqueue(q, "at", {}, { runAt: new Date(start + 3 * DELAY) });
      expect(await d.reserve(q)).toBeNull();
      const info = await d.getJob(q, later);
      expect(info?.state).toBe("delayed");
      near(info?.runAt, start + DELAY);
      expect(await d.stats(q)).toMatchObject({ waiting: 0, delayed: 2 });
      await h.advance(DELAY);
      expect((await reserveWithin(d, q))?.id).toBe(later);
      expect(await d.reserve(q)).toBeNull();
      await h.advance(2 * DELAY);
      expect((await reserveWithin(d, q))?.id).toBe(at);
    });

    it("retries with backoff until the attempts are used up, then dead-letters the job", async () => {
      const id = await d.enqueue(q, "flaky", { n: 1 }, { attempts: 3, backoff: { type: "exponential", delayMs: BACKOFF } });
      let job = await d.reserve(q);
      expect(job?.attempt).toBe(1);
      let failedAt = h.now().getTime();
      expect(await d.fail(job!, new Error("smtp down"))).toBe("retry");
      const info = await d.getJob(q, id);
      expect(info).toMatchObject({ state: "delayed", error: "smtp down", attempt: 1, maxAttempts: 3 });
      near(info?.runAt, failedAt + BACKOFF);
      expect(await d.reserve(q)).toBeNull();
      await h.advance(BACKOFF);
      job = await reserveWithin(d, q);
      expect(job?.attempt).toBe(2);
      failedAt = h.now().getTime();
      expect(await d.fail(job!, "still down")).toBe("retry");
      near((await d.getJob(q, id))?.runAt, failedAt + 2 * BACKOFF);
      await h.advance(2 * BACKOFF);
      job = await reserveWithin(d, q);
      expect(job?.attempt).toBe(3);
      expect(await d.fail(job!, new Error("gave up"))).toBe("dead");
      expect(await d.reserve(q)).toBeNull();
      const dead = await d.listDead(q);
      expect(dead.map((j) => j.id)).toEqual([id]);
      expect(dead[0]).toMatchObject({ state: "dead", error: "gave up", attempt: 3, payload: { n: 1 } });
      expect(await d.stats(q)).toMatchObject({ waiting: 0, delayed: 0, active: 0, dead: 1 });
      expect(await d.retryDead(q, id)).toBe(true);
      expect(await d.retryDead(q, id)).toBe(false);
      job = await reserveWithin(d, q);
      expect(job).toMatchObject({ id, attempt: 1 });
      await d.complete(job!);
    });

    it("dead-letters at once when a failure is not worth retrying", async () => {
      const id = await d.enqueue(q, "bad-address", {}, { attempts: 5 });
      const job = await d.reserve(q);
      expect(await d.fail(job!, new Error("invalid address"), { retry: false })).toBe("dead");
      expect(await d.getJob(q, id)).toMatchObject({ state: "dead", error: "invalid address" });
      expect(await d.reserve(q)).toBeNull();
    });

    it("creates one job per idempotency key, even when two schedulers race", async () => {
      const [a, b] = [await h.open(), await h.open()];
      const key = "cron:daily-report:2026-03-01T01:00:00.000Z";
      const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).enqueue(q, "run", { i }, { idempotencyKey: key })));
      expect(new Set(ids).size).toBe(1);
      expect(await a.stats(q)).toMatchObject({ waiting: 1 });
      const job = await a.reserve(q);
      await a.complete(job!);
      expect(await b.enqueue(q, "run", {}, { idempotencyKey: key })).toBe(ids[0]);
      expect(await a.stats(q)).toMatchObject({ waiting: 0, completed: 1 });
      const next = await b.enqueue(q, "run", {}, { idempotencyKey: "cron:daily-report:2026-03-02T01:00:00.000Z" });
      expect(next).not.toBe(ids[0]);
      await a.enqueue(`${q}-other`, "run", {}, { idempotencyKey: key });
      expect(await a.stats(`${q}-other`)).toMatchObject({ waiting: 1 });
    });

    it("hands a job out again once its lease runs out, and refuses the stale lease", async () => {
      const [a, b] = [await h.open(), await h.open()];
      const id = await a.enqueue(q, "deliver", {}, { attempts: 3 });
      const first = await a.reserve(q, { leaseMs: LEASE, workerId: "a" });
      expect(await b.reserve(q, { leaseMs: LEASE })).toBeNull();
      await h.advance(LEASE);
      const second = await reserveWithin(b, q, { leaseMs: LONG, workerId: "b" });
      expect(second).toMatchObject({ id, attempt: 2 });
      expect(second!.leaseToken).not.toBe(first!.leaseToken);
      await expect(a.complete(first!, "late")).rejects.toMatchObject({ code: "queue.lease_lost" });
      await expect(a.fail(first!, new Error("late"))).rejects.toMatchObject({ code: "queue.lease_lost" });
      await expect(a.extendLease(first!, LONG)).rejects.toMatchObject({ code: "queue.lease_lost" });
      expect((await b.getJob(q, id))?.state).toBe("active");
      await b.complete(second!, "ok");
      expect(await b.getJob(q, id)).toMatchObject({ state: "completed", result: "ok", attempt: 2 });
    });

    it("keeps a job whose lease is extended, and refuses a lease that ran out", async () => {
      const other = await h.open();
      await d.enqueue(q, "long", {});
      const job = await d.reserve(q, { leaseMs: LEASE });
      const before = h.now().getTime();
      near(await d.extendLease(job!, 4 * LEASE), before + 4 * LEASE);
      await h.advance(2 * LEASE);
      expect(await other.reserve(q)).toBeNull();
      await d.complete(job!);
      await d.enqueue(q, "short", {});
      const lapsed = await d.reserve(q, { leaseMs: LEASE });
      await h.advance(LEASE + 10);
      await expect(d.complete(lapsed!)).rejects.toMatchObject({ code: "queue.lease_lost" });
    });

    it("dead-letters a job whose lease keeps running out", async () => {
      const id = await d.enqueue(q, "crasher", {}, { attempts: 5 });
      await d.reserve(q, { leaseMs: LEASE });
      await h.advance(LEASE);
      expect((await reserveWithin(d, q, { leaseMs: LEASE }))?.attempt).toBe(2);
      await h.advance(LEASE);
      const deadline = Date.now() + 3_000;
      while ((await d.getJob(q, id))?.state !== "dead") {
        expect(Date.now()).toBeLessThan(deadline);
        await d.waitForWork(q, AbortSignal.timeout(500));
        expect(await d.reserve(q)).toBeNull();
      }
      expect((await d.listDead(q))[0]).toMatchObject({ id, state: "dead" });
    });

    it("waits for work without polling: an enqueue, a due job or an abort ends the wait", async () => {
      const ops = h.operations?.();
      let woke = false;
      const wait = d.waitForWork(q).then(() => (woke = true));
      await realDelay(60);
      expect(woke).toBe(false);
      if (ops !== undefined) expect(h.operations!() - ops).toBeLessThanOrEqual(2);
      await d.enqueue(q, "ping", {});
      await within(wait, "the enqueue to wake the waiter");

      const delayed = `${q}-delayed`;
      await d.enqueue(delayed, "later", {}, { delayMs: DELAY });
      let due = false;
      const dueWait = d.waitForWork(delayed).then(() => (due = true));
      await realDelay(20);
      expect(due).toBe(false);
      await h.advance(DELAY);
      await within(dueWait, "the delayed job falling due to wake the waiter");

      const stop = new AbortController();
      const idle = d.waitForWork(`${q}-idle`, stop.signal);
      stop.abort();
      await within(idle, "the abort to end the wait");
    });

    it("never hands the same job to two reservers running in parallel", async () => {
      const drivers = [d, await h.open(), await h.open()];
      const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => drivers[i % 3]!.enqueue(q, "n", { i })));
      const got: string[] = [];
      const reserver = async (driver: QueueDriver) => {
        for (let job = await driver.reserve(q, { leaseMs: LONG }); job; job = await driver.reserve(q, { leaseMs: LONG })) got.push(job.id);
      };
      await Promise.all(drivers.flatMap((driver) => [1, 2, 3, 4].map(() => reserver(driver))));
      expect(got.length).toBe(30);
      expect(new Set(got)).toEqual(new Set(ids));
    });

    it("runs a worker: bounded concurrency, retries, dead letters, clean stop", async () => {
      for (let i = 0; i < 8; i++) await d.enqueue(q, "ok", { i });
      await d.enqueue(q, "flaky", {}, { attempts: 2 });
      await d.enqueue(q, "broken", {}, { attempts: 3 });
      const events: WorkerEvent[] = [];
      const settled = Promise.withResolvers<void>();
      const threeRunning = Promise.withResolvers<void>();
      let running = 0;
      let peak = 0;
      const worker = runWorker(d, q, async (job: ReservedJob) => {
        peak = Math.max(peak, ++running);
        if (peak === 3) threeRunning.resolve();
        await threeRunning.promise;
        running--;
        if (job.name === "flaky" && job.attempt === 1) throw new Error("first try fails");
        if (job.name === "broken") throw new AppError("notify.bad_address", { status: 400 });
        return job.payload;
      }, {
        concurrency: 3,
        leaseMs: LONG,
        onEvent: (e) => {
          events.push(e);
          if (events.filter((x) => x.type === "completed" || x.type === "dead").length === 10) settled.resolve();
        },
      });
      await within(settled.promise, "the worker to settle all ten jobs");
      await within(worker.stop(), "the worker to stop");
      expect(peak).toBe(3);
      expect(worker.inFlight).toBe(0);
      const count = (type: WorkerEvent["type"]) => events.filter((e) => e.type === type).length;
      expect({ completed: count("completed"), retry: count("retry"), dead: count("dead"), error: count("error") })
        .toEqual({ completed: 9, retry: 1, dead: 1, error: 0 });
      await d.enqueue(q, "after-stop", {});
      expect(await d.stats(q)).toEqual({ waiting: 1, delayed: 0, active: 0, completed: 9, dead: 1 });
    });

    it("close() ends pending waits, releases the backend and refuses further calls", async () => {
      const own = await h.open();
      await own.enqueue(q, "x", {});
      const wait = own.waitForWork(`${q}-idle`);
      await own.close();
      await within(wait, "close() to end the wait");
      await expect(own.reserve(q)).rejects.toMatchObject({ code: "queue.closed" });
      await expect(own.enqueue(q, "y", {})).rejects.toMatchObject({ code: "queue.closed" });
      await own.close();
      expect(await d.stats(q)).toMatchObject({ waiting: 1 });
    });
  });
}

/** Reserve, waiting for work between tries; null when nothing came within `withinMs`. */
export async function reserveWithin<P = unknown>(d: QueueDriver, queue: string, options?: ReserveOptions, withinMs = 3_000): Promise<ReservedJob<P> | null> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const job = await d.reserve<P>(queue, options);
    if (job || Date.now() >= deadline) return job;
    await d.waitForWork(queue, AbortSignal.timeout(Math.max(1, deadline - Date.now())));
  }
}

async function drain(d: QueueDriver, queue: string): Promise<string[]> {
  const names: string[] = [];
  for (let job = await d.reserve(queue, { leaseMs: LONG }); job; job = await d.reserve(queue, { leaseMs: LONG })) names.push(job.name);
  return names;
}

/** Fails fast, naming what did not happen, instead of running into the test timeout. */
export async function within<T>(work: Promise<T>, what: string, ms = 3_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Only to show that something did NOT happen within a short real interval. */
const realDelay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
