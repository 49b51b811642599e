import type { Db } from "../db/db.ts";
import { decide, type RateLimiter } from "../rate-limit.ts";

/** Expired windows are swept every this many hits of a process (a row per key otherwise stays). */
const SWEEP_EVERY = 500;

/**
 * Counters in the `rate_limits` table (migration 054), one row per key, counted by one atomic upsert: a hit
 * after the window's end starts a new window (hits 1), else adds one. Give it a Store of its own (openRateLimiter
 * does): a hit made inside a request's transaction must count even when that transaction rolls back, as a failed
 * sign-in's does.
 */
export function createStoreRateLimiter(db: Db): RateLimiter {
  let hits = 0;
  return {
    async hit(key, limit, windowMs, nowMs = Date.now()) {
      const row = await db.get<{ hits: number | string; expires_at: number | string }>(
        `INSERT INTO rate_limits (key, window_start, hits, expires_at) VALUES (?, ?, 1, ?)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN excluded.window_start >= rate_limits.expires_at THEN 1 ELSE rate_limits.hits + 1 END,
           window_start = CASE WHEN excluded.window_start >= rate_limits.expires_at THEN excluded.window_start ELSE rate_limits.window_start END,
           expires_at = CASE WHEN excluded.window_start >= rate_limits.expires_at THEN excluded.expires_at ELSE rate_limits.expires_at END
         RETURNING hits, expires_at`,
        [key, nowMs, nowMs + windowMs],
      );
      if (++hits % SWEEP_EVERY === 0) await db.run("DELETE FROM rate_limits WHERE expires_at < ?", [nowMs]);
      return decide(Number(row!.hits), limit, Number(row!.expires_at), nowMs);
    },
    async reset(key) {
      await db.run("DELETE FROM rate_limits WHERE key = ?", [key]);
    },
    async peek(key, nowMs = Date.now()) {
      const row = await db.get<{ hits: number | string; expires_at: number | string }>(
        "SELECT hits, expires_at FROM rate_limits WHERE key = ? AND expires_at > ?", [key, nowMs],
      );
      return row ? { count: Number(row.hits), windowEnd: Number(row.expires_at) } : null;
    },
  };
}
