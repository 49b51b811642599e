import { iso } from "../../../platform/clock.ts";
import type { SecuritySettings } from "../settings/index.ts";

/**
 * Unknown usernames lock like real accounts do, so a 423 after `lockout_threshold` tries
 * does not tell an attacker which usernames exist. Kept in memory per process (there is no
 * row to keep it in); bounded, and forgotten once a lock has passed.
 */
export function createGhostLocks(maxEntries = 10_000) {
  const entries = new Map<string, { failures: number; lockedUntil: number }>();
  const keyOf = (username: string) => username.toLowerCase();

  return {
    /** The lock as a `locked_until` value (for lockError), or null. */
    lockedUntil(username: string, now: Date): string | null {
      const entry = entries.get(keyOf(username));
      if (!entry || entry.lockedUntil <= now.getTime()) return null;
      return iso(new Date(entry.lockedUntil));
    },
    /** Counts a failure; returns the new lock's end when this failure reached the threshold. */
    fail(username: string, now: Date, security: SecuritySettings): string | null {
      const key = keyOf(username);
      const entry = entries.get(key);
      const lockPassed = entry !== undefined && entry.lockedUntil > 0 && entry.lockedUntil <= now.getTime();
      const failures = (lockPassed ? 0 : (entry?.failures ?? 0)) + 1;
      if (entries.size >= maxEntries && !entry) entries.clear();
      if (failures < security.lockout_threshold) {
        entries.set(key, { failures, lockedUntil: 0 });
        return null;
      }
      const lockedUntil = now.getTime() + security.lockout_minutes * 60_000;
      entries.set(key, { failures: 0, lockedUntil });
      return iso(new Date(lockedUntil));
    },
  };
}
