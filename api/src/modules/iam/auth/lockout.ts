import { locked } from "@ops/shared";
import { addMs, iso } from "../../../platform/clock.ts";
import type { IamDeps } from "../iam.deps.ts";
import { loadSecurity } from "../settings/index.ts";

/**
 * Account lockout: `lockout_threshold` consecutive failures (wrong password, wrong MFA code)
 * lock the account for `lockout_minutes`. The lock lifts by itself as the clock passes
 * `locked_until`; a success or an admin unlock resets the counter.
 */
export type LockFields = { locked_until: string | null };

/** The 423 answer, or null when the account is not locked now. */
export function lockError(user: LockFields, now: Date) {
  if (!user.locked_until) return null;
  const until = Date.parse(user.locked_until);
  if (until <= now.getTime()) return null;
  return locked("iam.account_locked", {
    minutes: Math.max(1, Math.ceil((until - now.getTime()) / 60_000)),
    until: formatUntil(new Date(until)),
  });
}

export function assertNotLocked(user: LockFields, now: Date): void {
  const error = lockError(user, now);
  if (error) throw error;
}

/**
 * Counts one failure; returns the 423 error when this failure locked the account. The
 * increment is one statement, so concurrent failures cannot lose a count.
 */
export async function recordFailure(deps: IamDeps, userId: string) {
  const { db, clock } = deps;
  const security = await loadSecurity(db);
  await db.run("UPDATE users SET failed_count = failed_count + 1 WHERE id = ?", [userId]);
  const row = await db.get<{ failed_count: number | string }>("SELECT failed_count FROM users WHERE id = ?", [userId]);
  if (Number(row?.failed_count ?? 0) < security.lockout_threshold) return null;
  const now = clock.now();
  const until = iso(addMs(now, security.lockout_minutes * 60_000));
  // The counter starts afresh once the lock has passed.
  await db.run("UPDATE users SET locked_until = ?, failed_count = 0 WHERE id = ?", [until, userId]);
  return lockError({ locked_until: until }, now);
}

export async function resetFailures(deps: IamDeps, userId: string): Promise<void> {
  await deps.db.run("UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = ? AND (failed_count <> 0 OR locked_until IS NOT NULL)", [userId]);
}

/**
 * Admin unlock (POST /users/{id}/unlock calls this). Returns the state before, for the
 * caller's audit note; it notes nothing itself so the route's note is the only one.
 */
export async function unlockUser(deps: IamDeps, userId: string): Promise<{ wasLocked: boolean; lockedUntil: string | null; failedCount: number }> {
  const row = await deps.db.get<{ locked_until: string | null; failed_count: number | string }>(
    "SELECT locked_until, failed_count FROM users WHERE id = ?",
    [userId],
  );
  if (!row) return { wasLocked: false, lockedUntil: null, failedCount: 0 };
  const wasLocked = lockError({ locked_until: row.locked_until }, deps.clock.now()) !== null;
  await resetFailures(deps, userId);
  return { wasLocked, lockedUntil: wasLocked ? row.locked_until : null, failedCount: Number(row.failed_count) };
}

/** `2026-11-05 14:31 UTC`, rounded up to the minute: readable in any language and time zone. */
function formatUntil(d: Date): string {
  const up = new Date(Math.ceil(d.getTime() / 60_000) * 60_000);
  return `${iso(up).slice(0, 16).replace("T", " ")} UTC`;
}
