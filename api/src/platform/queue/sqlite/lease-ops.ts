import type { Db } from "../../db/db.ts";
import { addMs, iso, type Clock } from "../../clock.ts";
import { randomToken } from "../../crypto.ts";
import { QueueError, backoffDelay, errorMessage, type BackoffType, type FailOptions, type FailOutcome, type Lease } from "../driver.ts";
import { forUpdate } from "./job-rows.ts";
/** `wake` tells local waiters a queue changed (after the commit when inside a transaction). */
export type LeaseContext = { db: Db; clock: Clock; wake(queue: string): void };

export const leaseLost = (lease: Lease) =>
  new QueueError("queue.lease_lost", `job ${lease.id} on ${lease.queue} is no longer held by this lease`);

/**
 * Completion is one conditional UPDATE that also swaps the lease token for a fresh nonce; only
 * the caller whose UPDATE matched gets the row back (RETURNING): none means the lease was lost.
 */
export async function completeJob(ctx: LeaseContext, lease: Lease, result: unknown): Promise<void> {
  const now = ctx.clock.now();
  const nonce = `done.${randomToken(12)}`;
  const row = await ctx.db.get<{ lease_token: string | null }>(
    `UPDATE queue_jobs SET state = 'completed', lease_token = ?, result = ?, due_at = ?, finished_at = ?
      WHERE id = ? AND queue = ? AND lease_token = ? AND state = 'active' AND due_at > ? RETURNING lease_token`,
    [nonce, result === undefined ? null : JSON.stringify(result), iso(now), iso(now), lease.id, lease.queue, lease.leaseToken, iso(now)],
  );
  if (row?.lease_token !== nonce) throw leaseLost(lease);
}

export async function extendJobLease(ctx: LeaseContext, lease: Lease, leaseMs: number): Promise<Date> {
  const now = ctx.clock.now();
  const until = iso(addMs(now, leaseMs));
  const row = await ctx.db.get<{ due_at: string }>(
    "UPDATE queue_jobs SET due_at = ? WHERE id = ? AND queue = ? AND lease_token = ? AND state = 'active' AND due_at > ? RETURNING due_at",
    [until, lease.id, lease.queue, lease.leaseToken, iso(now)],
  );
  if (row?.due_at !== until) throw leaseLost(lease);
  return new Date(until);
}

/**
 * Hand-back: waiting and due now, this start taken back (attempt - 1), lease_expiries untouched; one conditional
 * UPDATE like completion. Other processes hear of it at once (publish), so a peer that is still running takes it.
 */
export async function releaseJob(ctx: LeaseContext, lease: Lease): Promise<boolean> {
  const now = iso(ctx.clock.now());
  const row = await ctx.db.get<{ id: string }>(
    `UPDATE queue_jobs SET state = 'waiting', attempt = attempt - 1, due_at = ?, lease_token = NULL, worker_id = NULL,
        started_at = NULL
      WHERE id = ? AND queue = ? AND lease_token = ? AND state = 'active' AND due_at > ? RETURNING id`,
    [now, lease.id, lease.queue, lease.leaseToken, now],
  );
  if (!row) return false;
  ctx.wake(lease.queue);
  return true;
}

type FailRow = {
  state: string;
  lease_token: string | null;
  due_at: string;
  attempt: number;
  max_attempts: number;
  failures: number;
  backoff_type: string | null;
  backoff_ms: number;
};

/** Failure decides retry or dead-letter from the row itself, so it reads and writes in one transaction. */
export async function failJob(ctx: LeaseContext, lease: Lease, error: unknown, options: FailOptions): Promise<FailOutcome> {
  const { db } = ctx;
  const now = ctx.clock.now();
  const message = errorMessage(error).slice(0, 4000);
  const outcome = await db.tx(async () => {
    const row = await db.get<FailRow>(
      `SELECT state, lease_token, due_at, attempt, max_attempts, failures, backoff_type, backoff_ms
        FROM queue_jobs WHERE id = ? AND queue = ?${forUpdate(db.dialect)}`,
      [lease.id, lease.queue],
    );
    if (!row || row.state !== "active" || row.lease_token !== lease.leaseToken || row.due_at <= iso(now)) throw leaseLost(lease);
    const failures = Number(row.failures) + 1;
    if (options.retry !== false && Number(row.attempt) < Number(row.max_attempts)) {
      const backoff = row.backoff_type ? { type: row.backoff_type as BackoffType, delayMs: Number(row.backoff_ms) } : undefined;
      const due = addMs(now, backoffDelay(backoff, failures));
      await db.run(
        `UPDATE queue_jobs SET state = 'waiting', failures = ?, due_at = ?, last_error = ?, lease_token = NULL, worker_id = NULL
          WHERE id = ?`,
        [failures, iso(due), message, lease.id],
      );
      return "retry" as const;
    }
    await db.run(
      `UPDATE queue_jobs SET state = 'dead', failures = ?, due_at = ?, finished_at = ?, last_error = ?, lease_token = NULL
        WHERE id = ?`,
      [failures, iso(now), iso(now), message, lease.id],
    );
    return "dead" as const;
  });
  if (outcome === "retry") ctx.wake(lease.queue);
  return outcome;
}

/** Dead-letters a job this driver just reserved (it ran out its lease too often). */
export async function buryReserved(ctx: LeaseContext, lease: Lease, reason: string): Promise<void> {
  const now = iso(ctx.clock.now());
  await ctx.db.run(
    `UPDATE queue_jobs SET state = 'dead', due_at = ?, finished_at = ?, last_error = ?, lease_token = NULL
      WHERE id = ? AND lease_token = ?`,
    [now, now, reason, lease.id, lease.leaseToken],
  );
}

export async function retryDeadJob(ctx: LeaseContext, queue: string, id: string): Promise<boolean> {
  const { db } = ctx;
  const now = iso(ctx.clock.now());
  const retried = await db.tx(async () => {
    const row = await db.get<{ state: string }>(
      `SELECT state FROM queue_jobs WHERE id = ? AND queue = ?${forUpdate(db.dialect)}`,
      [id, queue],
    );
    if (row?.state !== "dead") return false;
    await db.run(
      `UPDATE queue_jobs SET state = 'waiting', attempt = 0, failures = 0, lease_expiries = 0, due_at = ?,
          finished_at = NULL, lease_token = NULL, worker_id = NULL
        WHERE id = ?`,
      [now, id],
    );
    return true;
  });
  if (retried) ctx.wake(queue);
  return retried;
}
