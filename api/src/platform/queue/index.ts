import type { Clock } from "../clock.ts";
import type { Db } from "../db/db.ts";
import type { Logger } from "../logger.ts";
import type { DriverTuning, QueueDriver } from "./driver.ts";
import { createEmbeddedDriver } from "./sqlite/embedded-driver.ts";

export * from "./driver.ts";
export { runWorker, isRetryable, consumersOf, type Consumers, type DrainOptions, type DrainResult, type JobContext, type JobHandler, type RunningWorker, type WorkerEvent, type WorkerOptions } from "./worker.ts";
export { createEmbeddedDriver, type EmbeddedDriverOptions, type EmbeddedQueueDriver } from "./sqlite/embedded-driver.ts";
export type { BullmqDriverOptions } from "./bullmq/bullmq-driver.ts";

export type OpenQueueOptions = DriverTuning & {
  /** REDIS_URL: BullMQ on Redis; otherwise the embedded driver on the Store. */
  redisUrl?: string;
  db: Db;
  clock?: Clock;
  /** BullMQ key prefix (default "ops"). */
  prefix?: string;
  workerId?: string;
  logger?: Logger;
};

/**
 * The one place that picks a driver (called from the wiring). BullMQ is loaded only when Redis is
 * configured, so the embedded default does not pay for it.
 */
export async function openQueueDriver(options: OpenQueueOptions): Promise<QueueDriver> {
  const { redisUrl, db, clock, prefix, logger, ...tuning } = options;
  if (!redisUrl) return createEmbeddedDriver({ db, clock, ...tuning });
  const { createBullmqDriver } = await import("./bullmq/bullmq-driver.ts");
  return createBullmqDriver({ url: redisUrl, prefix, logger, ...tuning });
}
