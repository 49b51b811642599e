import { iso } from "../../../platform/clock.ts";
import type { RateLimiter } from "../../../platform/rate-limit.ts";
import type { SecuritySettings } from "../settings/index.ts";

/** Failures of an unknown name are forgotten after this long without a lock (a real account's wait for a success). */
const FAILURES_KEPT_MS = 24 * 3600_000;

/**
 * Unknown usernames lock like real accounts do, so a 423 after `lockout_threshold` tries does not tell an attacker
 * which usernames exist. There is no row to keep the count in: it lives in the rate limiter's windows, which every
 * process shares when the limiter does (Redis, PostgreSQL): otherwise a name would lock after threshold tries per
 * process and, spread over processes behind a balancer, unknown names would lock later than real ones.
 */
export function createGhostLocks(limiter: RateLimiter) {
  const failKey = (username: string) => `auth:ghost:fail:${username.toLowerCase()}`;
  const lockKey = (username: string) => `auth:ghost:lock:${username.toLowerCase()}`;

  return {
    /** The lock as a `locked_until` value (for lockError), or null. */
    async lockedUntil(username: string, now: Date): Promise<string | null> {
      const lock = await limiter.peek(lockKey(username), now.getTime());
      return lock && lock.count > 0 ? iso(new Date(lock.windowEnd)) : null;
    },
    /** Counts a failure; returns the new lock's end when this failure reached the threshold. */
    async fail(username: string, now: Date, security: SecuritySettings): Promise<string | null> {
      const at = now.getTime();
      const counted = await limiter.hit(failKey(username), security.lockout_threshold - 1, FAILURES_KEPT_MS, at);
      if (counted.allowed) return null;
      // the count starts afresh once the lock has passed, as a real account's does
      await limiter.reset(failKey(username));
      const lockMs = security.lockout_minutes * 60_000;
      await limiter.hit(lockKey(username), 0, lockMs, at);
      return iso(new Date(at + lockMs));
    },
  };
}
