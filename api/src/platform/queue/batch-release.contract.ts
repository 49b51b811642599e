import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { QueueDriver, ReservedJob } from "./driver.ts";
import { reserveWithin, within, type ContractOptions, type QueueHarness } from "./driver.contract.ts";
import { consumersOf, runWorker, type WorkerEvent } from "./worker.ts";

const LEASE = 250;
const LONG = 60_000;
const DELAY = 300;

/**
 * The port's batch reservation and hand-back, and the worker's drain on top of them, on every driver (same harness
 * as driver.contract.ts: instances over one backend as separate processes would see it).
 */
export function runBatchAndReleaseContract({ name, harness }: ContractOptions) {
  describe(`queue contract, batches and hand-back: ${name}`, () => {
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
      q = `b${++n}`;
    });

    it("reserves the most urgent due jobs in one call, each under a lease of its own", async () => {
      const plan: Array<[string, number]> = [["a", 0], ["b", 5], ["c", 1], ["d", 0], ["e", 1], ["f", 5]];
      const ids = new Map<string, string>();
      for (const [job, priority] of plan) ids.set(job, await d.enqueue(q, job, { job }, { priority }));
      await d.enqueue(q, "later", {}, { delayMs: DELAY });
      const first = await d.reserveMany(q, 4, { leaseMs: LONG, workerId: "w1" });
      expect(first.map((j) => j.name)).toEqual(["a", "d", "c", "e"]);
      expect(first.map((j) => j.id)).toEqual(["a", "d", "c", "e"].map((x) => ids.get(x)));
      expect(first[0]).toMatchObject({ queue: q, payload: { job: "a" }, attempt: 1, maxAttempts: 1 });
      expect(new Set(first.map((j) => j.leaseToken)).size).toBe(4);
      const rest = await d.reserveMany(q, 10, { leaseMs: LONG });
      expect(rest.map((j) => j.name)).toEqual(["b", "f"]);
      expect(await d.reserveMany(q, 10)).toEqual([]);
      expect(await d.stats(q)).toMatchObject({ active: 6, delayed: 1 });
      for (const job of [...first, ...rest]) await d.complete(job, job.name);
      await expect(d.complete(first[1]!)).rejects.toMatchObject({ code: "queue.lease_lost" });
      expect(await d.getJob(q, ids.get("d")!)).toMatchObject({ state: "completed", result: "d" });
      await h.advance(DELAY);
      const deadline = Date.now() + 3_000;
      let later: ReservedJob[] = [];
      while (later.length === 0 && Date.now() < deadline) {
        later = await d.reserveMany(q, 10);
        if (later.length === 0) await d.waitForWork(q, AbortSignal.timeout(500));
      }
      expect(later.map((j) => j.name)).toEqual(["later"]);
    });

    it("completes jobs that finish together, each lease checked on its own", async () => {
      const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => d.enqueue(q, "n", { i })));
      const jobs = await d.reserveMany(q, 10, { leaseMs: LONG });
      expect(jobs).toHaveLength(10);
      const stale = jobs[9]!;
      await d.complete(stale, "first");
      const ops = h.operations?.();
      const outcomes = await Promise.allSettled(jobs.map((job, i) => d.complete(job, { i })));
      // The embedded driver sends them as one statement.
      if (ops !== undefined) expect(h.operations!() - ops).toBeLessThanOrEqual(2);
      expect(outcomes.slice(0, 9).every((o) => o.status === "fulfilled")).toBe(true);
      expect(outcomes[9]).toMatchObject({ status: "rejected", reason: { code: "queue.lease_lost" } });
      expect(await d.getJob(q, jobs[3]!.id)).toMatchObject({ state: "completed", result: { i: 3 } });
      expect(await d.getJob(q, stale.id)).toMatchObject({ state: "completed", result: "first" });
      expect(new Set(jobs.map((j) => j.id))).toEqual(new Set(ids));
    });

    it.runIf(name === "bullmq")("completeAndReserve completes a job and takes the next due one in the same call", async () => {
      const a = await d.enqueue(q, "a", {});
      const b = await d.enqueue(q, "b", { n: 2 });
      const first = await d.reserve(q, { leaseMs: LONG });
      const next = await d.completeAndReserve!(first!, "ok", { leaseMs: LONG });
      expect(next).toMatchObject({ id: b, name: "b", payload: { n: 2 }, attempt: 1 });
      expect(await d.getJob(q, a)).toMatchObject({ state: "completed", result: "ok" });
      expect(await d.getJob(q, b)).toMatchObject({ state: "active" });
      await expect(d.completeAndReserve!(first!, "again")).rejects.toMatchObject({ code: "queue.lease_lost" });
      expect(await d.release(next!)).toBe(true);
      const again = await reserveWithin(d, q, { leaseMs: LONG });
      expect(again).toMatchObject({ id: b, attempt: 1 });
      expect(await d.completeAndReserve!(again!, "done")).toBeNull();
      expect(await d.getJob(q, b)).toMatchObject({ state: "completed", result: "done" });
    });

    it("never hands the same job to concurrent batch reservers on separate instances", async () => {
      const drivers = [d, await h.open(), await h.open()];
      const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => drivers[i % 3]!.enqueue(q, "n", { i })));
      const got: string[] = [];
      const reserver = async (driver: QueueDriver) => {
        for (;;) {
          const jobs = await driver.reserveMany(q, 7, { leaseMs: LONG });
          if (jobs.length === 0) return;
          got.push(...jobs.map((j) => j.id));
        }
      };
      await Promise.all(drivers.flatMap((driver) => [1, 2, 3].map(() => reserver(driver))));
      expect(got.length).toBe(60);
      expect(new Set(got)).toEqual(new Set(ids));
    });

    it("takes lapsed leases in a batch like reserve does: next attempt, the old lease refused", async () => {
      const other = await h.open();
      const id = await d.enqueue(q, "deliver", {}, { attempts: 3 });
      const [first] = await d.reserveMany(q, 5, { leaseMs: LEASE });
      expect(await other.reserveMany(q, 5)).toEqual([]);
      await h.advance(LEASE);
      let second: ReservedJob[] = [];
      const deadline = Date.now() + 3_000;
      while (second.length === 0 && Date.now() < deadline) {
        second = await other.reserveMany(q, 5, { leaseMs: LONG });
        if (second.length === 0) await other.waitForWork(q, AbortSignal.timeout(500));
      }
      expect(second).toHaveLength(1);
      expect(second[0]).toMatchObject({ id, attempt: 2 });
      await expect(d.complete(first!)).rejects.toMatchObject({ code: "queue.lease_lost" });
      await other.complete(second[0]!);
    });

    it("release hands a job back: waiting and due now, the start not counted, a stale lease refused", async () => {
      const other = await h.open();
      const id = await d.enqueue(q, "export", { n: 1 }, { attempts: 2 });
      const job = await d.reserve(q, { leaseMs: LONG });
      expect(job).toMatchObject({ id, attempt: 1 });
      expect(await d.release(job!)).toBe(true);
      expect(await d.getJob(q, id)).toMatchObject({ state: "waiting", attempt: 0 });
      expect(await d.stats(q)).toMatchObject({ waiting: 1, active: 0 });
      expect(await d.release(job!)).toBe(false);
      await expect(d.complete(job!)).rejects.toMatchObject({ code: "queue.lease_lost" });
      const again = await reserveWithin(other, q, { leaseMs: LONG });
      expect(again).toMatchObject({ id, attempt: 1, payload: { n: 1 } });
      await other.complete(again!, "ok");
      expect(await d.getJob(q, id)).toMatchObject({ state: "completed", result: "ok", attempt: 1 });

      const lapsed = await d.enqueue(q, "lapsed", {});
      const held = await reserveWithin(d, q, { leaseMs: LEASE });
      expect(held?.id).toBe(lapsed);
      await h.advance(LEASE + 10);
      expect(await d.release(held!)).toBe(false);
    });

    it("release leaves lease expiries as they were: a job that lapsed, was handed back and lapsed again is dead", async () => {
      const id = await d.enqueue(q, "crasher", {}, { attempts: 5 });
      await d.reserve(q, { leaseMs: LEASE });
      await h.advance(LEASE);
      const second = await reserveWithin(d, q, { leaseMs: LEASE });
      expect(second?.attempt).toBe(2);
      expect(await d.release(second!)).toBe(true);
      const third = await reserveWithin(d, q, { leaseMs: LEASE });
      expect(third).toMatchObject({ id, attempt: 2 });
      await h.advance(LEASE);
      const deadline = Date.now() + 3_000;
      while ((await d.getJob(q, id))?.state !== "dead") {
        expect(Date.now()).toBeLessThan(deadline);
        await d.waitForWork(q, AbortSignal.timeout(500));
        expect(await d.reserve(q)).toBeNull();
      }
    });

    it("drain: a quick job finishes within the deadline, a long one is handed back and completed by another worker", async () => {
      const own = await h.open();
      const peer = await h.open();
      const quickId = await own.enqueue(q, "quick", {});
      const longId = await own.enqueue(q, "long", {});
      const started = new Set<string>();
      const bothStarted = Promise.withResolvers<void>();
      const finishQuick = Promise.withResolvers<void>();
      let abortReason: unknown;
      const events: WorkerEvent[] = [];
      runWorker(own, q, async (job, { signal }) => {
        started.add(job.name);
        if (started.size === 2) bothStarted.resolve();
        if (job.name === "quick") return finishQuick.promise.then(() => "quick done");
        // A long export that stops at the abort.
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        abortReason = signal.reason;
        throw new Error("aborted");
      }, { concurrency: 2, leaseMs: LONG, onEvent: (e) => events.push(e) });
      await within(bothStarted.promise, "both jobs to start");
      const draining = consumersOf(own).drain({ deadlineMs: 300 });
      finishQuick.resolve();
      expect(await within(draining, "the drain to end")).toEqual({ finished: 1, handedBack: 1 });
      expect(abortReason).toMatchObject({ code: "queue.handed_back" });
      expect(events.map((e) => e.type).sort()).toEqual(["completed", "lease_lost"]);
      expect(events.find((e) => e.type === "lease_lost")).toMatchObject({ handedBack: true, job: { id: longId } });
      expect(consumersOf(own).inFlight()).toBe(0);
      expect(await own.getJob(q, quickId)).toMatchObject({ state: "completed", result: "quick done" });

      const completed = Promise.withResolvers<ReservedJob>();
      const peerWorker = runWorker(peer, q, () => "finished elsewhere", {
        leaseMs: LONG,
        onEvent: (e) => e.type === "completed" && completed.resolve(e.job),
      });
      const job = await within(completed.promise, "another worker to take the handed-back job");
      expect(job).toMatchObject({ id: longId, attempt: 1 });
      await peerWorker.stop();
      expect(await peer.getJob(q, longId)).toMatchObject({ state: "completed", result: "finished elsewhere", attempt: 1 });
    });
  });
}
