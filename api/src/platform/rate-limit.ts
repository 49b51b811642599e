/**
 * Fixed-window counters: `hit` counts one attempt against `key` and says whether it is within `limit` per
 * `windowMs` (the window starts at the key's first hit; times are the caller's clock, so tests can move them).
 * Drivers (rate-limit/): memory (this process; SQLite and one-process installs, the default), a Store table
 * (PostgreSQL without Redis, migration 054) and Redis (a Lua script): the shared ones count every process's hits.
 */
export type RateDecision = { allowed: boolean; retryAfterSeconds: number; remaining: number };

export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number, nowMs?: number): Promise<RateDecision>;
  reset(key: string): Promise<void>;
  /** The key's live window without counting a hit: its hits and when it ends (ms); null when none is live. */
  peek(key: string, nowMs?: number): Promise<RateWindow | null>;
  close?(): Promise<void>;
}

export type RateWindow = { count: number; windowEnd: number };

/** The decision for a window ending at `windowEnd` (ms) that holds `count` hits. */
export function decide(count: number, limit: number, windowEnd: number, nowMs: number): RateDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil((windowEnd - nowMs) / 1000));
  return { allowed: count <= limit, retryAfterSeconds, remaining: Math.max(0, limit - count) };
}

/** In memory, per process. */
export function createRateLimiter(maxKeys = 100_000): RateLimiter {
  const windows = new Map<string, { start: number; count: number; end: number }>();
  return {
    async hit(key, limit, windowMs, nowMs = Date.now()) {
      let w = windows.get(key);
      if (!w || nowMs - w.start >= windowMs) {
        if (windows.size >= maxKeys) windows.clear();
        w = { start: nowMs, count: 0, end: nowMs + windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      return decide(w.count, limit, w.start + windowMs, nowMs);
    },
    async reset(key) {
      windows.delete(key);
    },
    async peek(key, nowMs = Date.now()) {
      const w = windows.get(key);
      return w && nowMs < w.end ? { count: w.count, windowEnd: w.end } : null;
    },
  };
}

