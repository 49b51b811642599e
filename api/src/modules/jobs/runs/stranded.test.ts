/**
 * A run whose enqueue was lost (its process died between the commit and the enqueue, or the queue failed) is sent
 * again by the sweep; one whose job is on the queue is not doubled. The cluster test found the first: a scheduler
 * SIGKILLed just after a tick's commit left that tick's three cron runs queued for ever (BullMQ on Redis).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../platform/clock.ts";
import { openDb, type Db } from "../../../platform/db/db.ts";
import { migrate } from "../../../platform/db/migrate.ts";
import { createEmbeddedDriver, type QueueDriver } from "../../../platform/queue/index.ts";
import { RUNS_QUEUE } from "../jobs.deps.ts";
import { createJobs, type Jobs } from "../jobs.service.ts";
import { STRANDED_AFTER_MS } from "./stranded.ts";

describe("stranded runs", () => {
  let db: Db;
  let queue: QueueDriver;
  let jobs: Jobs;
  const clock = fixedClock("2026-12-06T02:00:00.000Z");
  // the queue this process enqueues through: while `lost`, an enqueue never reaches it (the process died after its commit)
  let lost = false;
  const actor = { kind: "user", userId: "u1", username: "tester", deptId: null, roleIds: [], permissions: ["*"], locale: "zh-CN" } as never;
  const queuedOnQueue = async () => (await queue.stats(RUNS_QUEUE)).waiting;

  beforeAll(async () => {
    db = await openDb("sqlite://:memory:");
    await migrate(db);
    queue = createEmbeddedDriver({ db, clock });
    const flaky = new Proxy(queue, {
      get: (target, key) => (key === "enqueue" ? (...args: unknown[]) => (lost ? Promise.resolve("lost") : (target.enqueue as (...a: unknown[]) => unknown)(...args)) : Reflect.get(target, key)),
    });
    jobs = createJobs({ db, clock, scope: async () => null, queue: flaky });
  });
  afterAll(async () => {
    await jobs?.stop();
    await queue?.close();
    await db?.close();
  });

  it("sends again a queued attempt whose enqueue was lost, once it is older than the threshold", async () => {
    const job = await jobs.definitions.create(actor, {
      name: "stranded", description: "", type: "shell", config: { command: "true" }, params: {}, schedule: null, misfire: "skip",
      catch_up_max: 1, retries: { count: 0, backoff: { type: "fixed", delay_ms: 0 } }, timeout_s: 10, concurrency: "allow", priority: 0, tags: [],
    });
    lost = true;
    const run = await jobs.runNow(actor, job.id, {});
    lost = false;
    expect(await queuedOnQueue()).toBe(0);
    // not yet: a run queued a moment ago may have its enqueue under way
    expect(await jobs.requeueStranded()).toBe(0);
    clock.advance(STRANDED_AFTER_MS + 1);
    expect(await jobs.requeueStranded()).toBe(1);
    expect(await queuedOnQueue()).toBe(1);
    const reserved = await queue.reserve(RUNS_QUEUE);
    expect(reserved?.payload).toEqual({ runId: run.id, attempt: 1 });
  });

  it("does not double an attempt whose job is on the queue (its idempotency key)", async () => {
    const job = await jobs.definitions.create(actor, {
      name: "waiting", description: "", type: "shell", config: { command: "true" }, params: {}, schedule: null, misfire: "skip",
      catch_up_max: 1, retries: { count: 0, backoff: { type: "fixed", delay_ms: 0 } }, timeout_s: 10, concurrency: "allow", priority: 0, tags: [],
    });
    const before = await queuedOnQueue();
    await jobs.runNow(actor, job.id, {});
    expect(await queuedOnQueue()).toBe(before + 1);
    clock.advance(STRANDED_AFTER_MS + 1);
    expect(await jobs.requeueStranded()).toBeGreaterThan(0);
    expect(await queuedOnQueue()).toBe(before + 1);
  });
});
