/**
 * A delivery whose enqueue was lost (its process died between the send's commit and the enqueue, or the queue
 * failed) is sent by the stranded sweep, once; one whose job is on the queue is not doubled. On BullMQ a delivery's
 * job goes out after the commit that records it; the embedded queue's joins the transaction, but a lost enqueue is
 * made the same way on both (the queue answers without keeping the job), and the sweep must not care which it is.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteKeys, TEST_REDIS_URL } from "../../../platform/queue/driver.harness.ts";
import type { EnqueueOptions, QueueDriver, QueueStats } from "../../../platform/queue/index.ts";
import { ENGINES } from "../../../testing/harness.ts";
import { NOTIFY_QUEUE } from "../notify.deps.ts";
import { createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";
import { STRANDED_AFTER_MS } from "./stranded.ts";

const SETUPS = ENGINES.flatMap((engine) => (["embedded", "bullmq"] as const).map((queue) => [engine, queue] as const));

describe.each(SETUPS)("stranded notifications (%s, %s queue)", (engine, queueKind) => {
  let kit: NotifyKit;
  let admin: string;
  const prefix = `ops-nstr-${process.pid}-${engine}-${Date.now()}`;
  // while set, enqueues it matches never reach the queue (the process died after its commit)
  let lose: ((options: EnqueueOptions | undefined) => boolean) | null = null;
  // the idempotency key of every enqueue, in order
  const keys: string[] = [];

  beforeAll(async () => {
    kit = await createNotifyKit({
      engine, worker: false, options: { ratePerMinute: 1 },
      env: queueKind === "bullmq" ? { REDIS_URL: TEST_REDIS_URL, OPS_QUEUE_PREFIX: prefix } : {},
    });
    expect(kit.s.system.queue.kind).toBe(queueKind);
    const queue: QueueDriver = kit.s.system.queue;
    const enqueue = queue.enqueue.bind(queue);
    queue.enqueue = (queueName, name, payload, options) => {
      keys.push(options?.idempotencyKey ?? "");
      return lose?.(options) ? Promise.resolve("lost") : enqueue(queueName, name, payload, options);
    };
    admin = await kit.s.login("admin");
  });
  afterAll(async () => {
    await kit?.close();
    if (queueKind === "bullmq") await deleteKeys(prefix);
  });

  const jobsOnQueue = async () => {
    const s: QueueStats = await kit.s.system.queue.stats(NOTIFY_QUEUE);
    return s.waiting + s.delayed + s.active + s.completed + s.dead;
  };
  const send = async (username: string, title: string) => {
    const r = await kit.api("POST", "/notify/send", admin, { type: "stranded.test", recipients: [await kit.userId(username)], channels: ["email"], data: { title } });
    expect(r.status).toBe(201);
    const [d] = await kit.s.system.db.all<{ id: string }>("SELECT id FROM notify_deliveries WHERE event_id = ?", [r.body.data.event_id]);
    return d!.id;
  };
  const statusOf = async (id: string) => (await kit.s.system.db.get<{ status: string }>("SELECT status FROM notify_deliveries WHERE id = ?", [id]))!.status;
  const mailsTitled = (title: string) => kit.smtp.mail.items.filter((m) => m.subject === title).length;
  // every job taken finished (moving the clock past a running job's lease would hand it out again)
  const settled = () => kit.until(async () => {
    const s = await kit.s.system.queue.stats(NOTIFY_QUEUE);
    return s.waiting + s.active === 0;
  }, "the queue settled");
  const sentOnce = async (id: string, title: string) => {
    await kit.until(async () => (await statusOf(id)) === "sent", `delivery ${title} sent`);
    await settled();
    expect(mailsTitled(title)).toBe(1);
    expect((await logRows(kit)).filter((r) => r.delivery_id === id && r.status === "sent")).toHaveLength(1);
  };

  it("does not double a delivery whose job is on the queue", async () => {
    const before = await jobsOnQueue();
    const id = await send("lina", "still on the queue");
    expect(await jobsOnQueue()).toBe(before + 1);
    // no worker yet: the job waits, its delivery stays queued past the threshold
    kit.advance(STRANDED_AFTER_MS + 1);
    expect(await kit.notify.requeueStranded()).toBe(1);
    expect(await jobsOnQueue()).toBe(before + 1);
    kit.notify.start();
    await sentOnce(id, "still on the queue");
    expect(await jobsOnQueue()).toBe(before + 1);
    expect(await kit.notify.requeueStranded()).toBe(0);
  });

  it("sends a delivery whose enqueue was lost, once it is older than the threshold", async () => {
    kit.notify.start();
    const before = await jobsOnQueue();
    lose = () => true;
    const id = await send("wangfang", "lost after its commit").finally(() => (lose = null));
    expect(await jobsOnQueue()).toBe(before);
    expect(await statusOf(id)).toBe("queued");
    // not yet: a delivery queued a moment ago may have its enqueue under way
    expect(await kit.notify.requeueStranded()).toBe(0);
    kit.advance(STRANDED_AFTER_MS + 1);
    expect(await kit.notify.requeueStranded()).toBe(1);
    await sentOnce(id, "lost after its commit");
    expect(await jobsOnQueue()).toBe(before + 1);
    expect(await kit.notify.requeueStranded()).toBe(0);
  });

  it("sends a rate-limited delivery whose deferral's enqueue was lost, under the deferral's key", async () => {
    kit.notify.start();
    const first = await send("liuyang", "within the budget");
    await sentOnce(first, "within the budget");
    // the second within the minute is deferred (1 a minute); the deferred job never reaches the queue
    lose = (options) => /^deliver:[^:]+:/.test(options?.idempotencyKey ?? "");
    const id = await send("liuyang", "deferred and lost");
    await kit.until(async () => (await logRows(kit)).some((r) => r.delivery_id === id && r.status === "deferred"), "the deferral");
    await settled();
    lose = null;
    const before = await jobsOnQueue();
    const [deferred] = await kit.s.system.db.all<{ detail: string }>("SELECT detail FROM notify_send_log WHERE delivery_id = ? AND status = 'deferred'", [id]);
    expect(Date.parse(deferred!.detail)).toBeGreaterThan(kit.s.clock.now().getTime());
    // until the deferral's end and the threshold after it have passed, the deferred job may still be waiting
    kit.advance(Date.parse(deferred!.detail) - kit.s.clock.now().getTime());
    expect(await kit.notify.requeueStranded()).toBe(0);
    kit.advance(STRANDED_AFTER_MS + 1);
    const from = keys.length;
    expect(await kit.notify.requeueStranded()).toBe(1);
    // under the deferral's key, not the delivery's first (that job finished: the queue would have answered with it)
    expect(keys.slice(from)).toEqual([`deliver:${id}:${deferred!.detail}`]);
    expect(await jobsOnQueue()).toBe(before + 1);
    await sentOnce(id, "deferred and lost");
    expect(await kit.notify.requeueStranded()).toBe(0);
  });

  it("flushes a digest whose flush job's enqueue was lost, after its window's end", async () => {
    kit.notify.start();
    const token = await kit.s.login("chenjing");
    const userId = await kit.userId("chenjing");
    await kit.api("PUT", "/notifications/preferences", token, {
      defaults: { channels: { im: "off", push: "off", email: "on", sms: "off" } }, types: [{ type: "stranded.digest", digest: true }],
    });
    const from = keys.length;
    lose = (options) => (options?.idempotencyKey ?? "").startsWith("digest:");
    for (const title of ["first", "second"]) {
      const r = await kit.api("POST", "/notify/send", admin, { type: "stranded.digest", recipients: [userId], data: { title } });
      expect(r.body.data.digested).toBe(1);
    }
    lose = null;
    const flushKey = keys.slice(from).find((k) => k.startsWith("digest:"))!;
    const windowEnd = Number(flushKey.split(":").at(-1)) + kit.notify.options.digestWindowMs;
    // the window ends; its flush is lost: the items stay parked, and the sweep waits for the threshold after the end
    kit.advance(windowEnd - kit.s.clock.now().getTime());
    expect(await kit.notify.requeueStranded()).toBe(0);
    kit.advance(STRANDED_AFTER_MS + 1);
    const sweepFrom = keys.length;
    expect(await kit.notify.requeueStranded()).toBe(1);
    expect(keys.slice(sweepFrom)).toEqual([flushKey]);
    const subject = "2 条通知：stranded.digest";
    await kit.until(() => mailsTitled(subject) === 1, "the digest e-mail");
    await kit.until(async () => !(await kit.s.system.db.get("SELECT id FROM notify_digest_items WHERE user_id = ? AND digest_event_id IS NULL", [userId])), "items flushed");
    expect(await kit.notify.requeueStranded()).toBe(0);
    expect(mailsTitled(subject)).toBe(1);
  });
});
