import { openDb } from "../db/db.ts";
import type { Logger } from "../logger.ts";
import { createRateLimiter, type RateLimiter } from "../rate-limit.ts";
import { createStoreRateLimiter } from "./store-limiter.ts";

export type OpenRateLimiterOptions = {
  /** REDIS_URL: counters in Redis; else a PostgreSQL store's table; else memory (SQLite: one process). */
  redisUrl?: string;
  databaseUrl: string;
  /** Redis key prefix (OPS_QUEUE_PREFIX) */
  prefix?: string;
  logger?: Logger;
};

/** The one place that picks the limiter's driver (system.ts). */
export async function openRateLimiter(options: OpenRateLimiterOptions): Promise<RateLimiter> {
  const { redisUrl, databaseUrl, prefix = "ops", logger } = options;
  // ioredis is loaded only with REDIS_URL
  if (redisUrl) return (await import("./redis-limiter.ts")).createRedisRateLimiter({ url: redisUrl, prefix, ...(logger ? { logger } : {}) });
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) return createRateLimiter();
  // A pool of its own: counts must not join (and roll back with) a request's transaction. Its commits do not wait
  // for the WAL flush (2.6 ms against 0.2 ms per hit here): a crash may forget the last few counts, which is harmless.
  const db = await openDb(databaseUrl, { poolMax: 2, connection: { synchronous_commit: "off" } });
  const limiter = createStoreRateLimiter(db);
  return { ...limiter, close: () => db.close() };
}
