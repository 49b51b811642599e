import { openDb } from "../db/db.ts";
import type { Logger } from "../logger.ts";
import { createRateLimiter, type RateLimiter } from "../rate-limit.ts";
import { createRedisRateLimiter } from "./redis-limiter.ts";
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
  if (redisUrl) return createRedisRateLimiter({ url: redisUrl, prefix, ...(logger ? { logger } : {}) });
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) return createRateLimiter();
  // a pool of its own: counts must not join (and roll back with) a request's transaction
  const db = await openDb(databaseUrl, { poolMax: 2 });
  const limiter = createStoreRateLimiter(db);
  return { ...limiter, close: () => db.close() };
}
