import type { Db } from "../db/db.ts";
import type { Logger } from "../logger.ts";
import { createLocalBus } from "./local-bus.ts";
import { openPostgresBus } from "./postgres-bus.ts";
import type { Bus } from "./ports.ts";

export * from "./ports.ts";
export { createLocalBus } from "./local-bus.ts";

export type OpenBusOptions = {
  /** REDIS_URL: Redis pub/sub; else PostgreSQL LISTEN/NOTIFY on a PostgreSQL store; else this process only. */
  redisUrl?: string;
  db: Db;
  logger?: Logger;
  /** Redis key prefix (OPS_QUEUE_PREFIX: deployments sharing a Redis stay apart) */
  prefix?: string;
};

/** The one place that picks the bus driver (called from the wiring, system.ts). */
export async function openBus(options: OpenBusOptions): Promise<Bus> {
  const { redisUrl, db, logger, prefix = "ops" } = options;
  // ioredis is loaded only with REDIS_URL
  if (redisUrl) return (await import("./redis-bus.ts")).openRedisBus({ url: redisUrl, prefix, db, ...(logger ? { logger } : {}) });
  if (db.dialect === "postgres") return openPostgresBus({ db, ...(logger ? { logger } : {}) });
  return createLocalBus({ db, ...(logger ? { logger } : {}) });
}
