import IORedis from "ioredis";
import type { Logger } from "../logger.ts";
import { decide, type RateDecision, type RateLimiter } from "../rate-limit.ts";

/**
 * One hash per key (`s` window start, `w` its length, `c` hits), updated by one script so concurrent hits from any process
 * count exactly; the caller's clock decides the window as in the other drivers. The key expires with its window.
 */
const HIT = `
local now = tonumber(ARGV[1])
local win = tonumber(ARGV[2])
local start = tonumber(redis.call('HGET', KEYS[1], 's'))
local count
if (not start) or now - start >= win then
  start = now
  count = 1
  redis.call('HSET', KEYS[1], 's', start, 'w', win, 'c', 1)
  redis.call('PEXPIRE', KEYS[1], win)
else
  count = redis.call('HINCRBY', KEYS[1], 'c', 1)
end
return {count, start}`;

type Scripted = IORedis & { opsRateHit(key: string, now: number, windowMs: number): Promise<[number, number]> };

export function createRedisRateLimiter(opts: { url: string; prefix: string; logger?: Logger }): RateLimiter {
  // Commands wait at most a second: a limiter that cannot count lets the attempt through (logged) rather than
  // failing every sign-in while Redis is away; account lockout lives in the store and still applies.
  const redis = new IORedis(opts.url, { maxRetriesPerRequest: 1, commandTimeout: 1_000, connectionName: "ops-rate-limit" }) as Scripted;
  redis.defineCommand("opsRateHit", { numberOfKeys: 1, lua: HIT });
  let warned = false;
  redis.on("error", (e: Error) => {
    if (!warned) opts.logger?.warn("rate limiter: redis unreachable", { err: e.message });
    warned = true;
  });
  redis.on("ready", () => (warned = false));
  const keyOf = (key: string) => `${opts.prefix}:rl:${key}`;
  return {
    async hit(key, limit, windowMs, nowMs = Date.now()): Promise<RateDecision> {
      try {
        const [count, start] = await redis.opsRateHit(keyOf(key), nowMs, windowMs);
        return decide(Number(count), limit, Number(start) + windowMs, nowMs);
      } catch (e) {
        opts.logger?.warn("rate limiter: hit not counted", { err: e instanceof Error ? e.message : String(e) });
        return { allowed: true, retryAfterSeconds: 1, remaining: limit };
      }
    },
    async reset(key) {
      await redis.del(keyOf(key)).catch(() => undefined);
    },
    async peek(key, nowMs = Date.now()) {
      const [start, win, count] = await redis.hmget(keyOf(key), "s", "w", "c").catch(() => [null, null, null]);
      if (start === null || win === null || count === null) return null;
      const windowEnd = Number(start) + Number(win);
      return nowMs < windowEnd ? { count: Number(count), windowEnd } : null;
    },
    async close() {
      redis.disconnect();
    },
  };
}
