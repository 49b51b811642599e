import { iso } from "../../clock.ts";
import { randomToken } from "../../crypto.ts";
import type { Lease } from "../driver.ts";
import { completeJob, leaseLost, type LeaseContext } from "./lease-ops.ts";

/**
 * Completions that arrive in the same microtask checkpoint (a worker's batch of quick jobs finishes together) go
 * to the store as one UPDATE ... FROM (VALUES ...) instead of one statement each: one commit for the lot. Each caller
 * still learns whether its own lease held (RETURNING id). A completion inside a Store transaction joins it alone.
 * Batches are padded to a power of two with rows that match nothing, so PostgreSQL sees a handful of statement
 * texts (each prepared once per connection), not one per size.
 */
export type CompletionBatcher = { complete(lease: Lease, result: unknown): Promise<void> };

const MAX_BATCH = 256;

/** `at`: the clock when completion was asked; the lease must have held then, as with one statement per job. */
type Pending = { lease: Lease; result: string | null; at: string; done: ReturnType<typeof Promise.withResolvers<void>> };

export function completionBatcher(ctx: LeaseContext): CompletionBatcher {
  let pending: Pending[] = [];
  let scheduled = false;

  const flush = async (batch: Pending[]) => {
    const size = 2 ** Math.ceil(Math.log2(batch.length));
    const values: unknown[] = [];
    for (const p of batch) values.push(p.lease.id, p.lease.queue, p.lease.leaseToken, p.result, p.at);
    for (let i = batch.length; i < size; i++) values.push(null, null, null, null, null);
    const rows = Array.from({ length: size }, () => "(?, ?, ?, ?, ?)").join(", ");
    try {
      // Each row is judged at its own time (a test clock may move between the call and the flush: judged at the
      // flush, a lease that held when the handler finished would count as lost).
      const done = await ctx.db.all<{ id: string }>(
        `WITH v (job_id, job_queue, token, res, at) AS (VALUES ${rows})
          UPDATE queue_jobs SET state = 'completed', lease_token = ?, result = v.res, due_at = v.at, finished_at = v.at
          FROM v WHERE queue_jobs.id = v.job_id AND queue_jobs.queue = v.job_queue AND queue_jobs.lease_token = v.token
            AND queue_jobs.state = 'active' AND queue_jobs.due_at > v.at
          RETURNING queue_jobs.id`,
        [...values, `done.${randomToken(12)}`],
      );
      const ids = new Set(done.map((r) => r.id));
      for (const p of batch) {
        if (ids.has(p.lease.id)) p.done.resolve();
        else p.done.reject(leaseLost(p.lease));
      }
    } catch (error) {
      for (const p of batch) p.done.reject(error);
    }
  };

  const run = () => {
    scheduled = false;
    const all = pending;
    pending = [];
    for (let i = 0; i < all.length; i += MAX_BATCH) void flush(all.slice(i, i + MAX_BATCH));
  };

  return {
    complete(lease, result) {
      if (ctx.db.inTx()) return completeJob(ctx, lease, result);
      const done = Promise.withResolvers<void>();
      pending.push({ lease, result: result === undefined ? null : JSON.stringify(result), at: iso(ctx.clock.now()), done });
      if (!scheduled) {
        scheduled = true;
        // A microtask, not setImmediate: a worker's batch of quick jobs still finishes in one checkpoint, and the
        // completion is not held past timers and I/O (a later turn let a test clock move while the job looked in
        // flight, and its lease ran out: bot/src/e2e/im-delivery.test.ts).
        queueMicrotask(run);
      }
      return done.promise;
    },
  };
}
