/**
 * Fixed-window counters in memory, per process. Enough for auth endpoints on one node;
 * split deployments put the limiter at the edge or share the store.
 */
export type RateDecision = { allowed: boolean; retryAfterSeconds: number; remaining: number };

export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number, nowMs?: number): RateDecision;
  reset(key: string): void;
}

export function createRateLimiter(maxKeys = 100_000): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, limit, windowMs, nowMs = Date.now()) {
      let w = windows.get(key);
      if (!w || nowMs - w.start >= windowMs) {
        if (windows.size >= maxKeys) windows.clear();
        w = { start: nowMs, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      const retryAfterSeconds = Math.max(1, Math.ceil((w.start + windowMs - nowMs) / 1000));
      return { allowed: w.count <= limit, retryAfterSeconds, remaining: Math.max(0, limit - w.count) };
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
