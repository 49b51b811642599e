import { addMs, iso } from "../../../platform/clock.ts";
import { deliveryKey, enqueueDelivery } from "../delivery/index.ts";
import { enqueueFlush, windowStart } from "../digest/index.ts";
import type { NotifyCtx } from "../notify.deps.ts";

/** A delivery queued (or deferred, or parked for a digest) this long without its job is looked at again (enqueues go out within milliseconds of their commit). */
export const STRANDED_AFTER_MS = 30_000;
/** How often the scheduler role looks. */
export const STRANDED_SWEEP_MS = 15_000;
/**
 * Older ones are left alone: a delivery whose job the queue dead-lettered (its workers kept dying before they wrote a
 * log row) stays queued, and once the dead job is pruned (30 days) its key would no longer stop a late resend.
 */
const HORIZON_MS = 24 * 3600_000;
/** Deliveries and digests re-sent per pass, oldest first. */
const BATCH = 200;

/**
 * Notifications left waiting with nothing on the queue. A delivery's job (and a rate-limit deferral's, and a digest's
 * flush) is enqueued after the commit that records it on BullMQ, so a process that dies in between (SIGKILL, OOM) or
 * an enqueue that fails (Redis out of reach a moment) leaves it queued for ever. This sends each one older than
 * `olderThanMs` again under its job's idempotency key: while that job exists on the queue (waiting, delayed, running,
 * finished or dead) the queue returns it and nothing changes, so only a lost job is put back.
 *
 * A delivery is looked at only when its latest job cannot have started: no send-log row yet (key `deliver:<id>`), or
 * its latest row a deferral whose end is past (key `deliver:<id>:<end>`). Any other row means a worker took its job
 * (a retry waits on the queue, an interrupted attempt comes back with the lease). A digest is looked at when items are
 * still parked after their window's end (key `digest:<user>:<type>:<window start>`). Answers how many were sent.
 */
export async function requeueStranded(ctx: NotifyCtx, olderThanMs = STRANDED_AFTER_MS): Promise<number> {
  const now = ctx.clock.now();
  const cutoff = addMs(now, -olderThanMs);
  const horizon = iso(addMs(now, -HORIZON_MS));
  const deliveries = await ctx.db.all<{ id: string; deferred_until: string | null }>(
    `SELECT d.id, l.detail AS deferred_until FROM notify_deliveries d
       LEFT JOIN notify_send_log l ON l.id = (SELECT x.id FROM notify_send_log x WHERE x.delivery_id = d.id ORDER BY x.created_at DESC, x.id DESC LIMIT 1)
     WHERE d.status = 'queued' AND d.created_at > ? AND d.created_at < ?
       AND (l.id IS NULL OR (l.status = 'deferred' AND l.detail IS NOT NULL AND l.detail < ?))
     ORDER BY d.created_at LIMIT ${BATCH}`,
    [horizon, iso(cutoff), iso(cutoff)],
  );
  for (const d of deliveries) await enqueueDelivery(ctx, d.id, deliveryKey(d.id, d.deferred_until ?? undefined));

  const parked = await ctx.db.all<{ user_id: string; type: string; first_at: string }>(
    `SELECT user_id, type, MIN(created_at) AS first_at FROM notify_digest_items
     WHERE digest_event_id IS NULL AND created_at > ? AND created_at < ? GROUP BY user_id, type ORDER BY MIN(created_at) LIMIT ${BATCH}`,
    [horizon, iso(cutoff)],
  );
  let digests = 0;
  for (const p of parked) {
    const start = windowStart(ctx, new Date(p.first_at));
    // the window's flush is due only at its end: until then its job waits on the queue (or was lost: seen after the end)
    if (start + ctx.options.digestWindowMs > cutoff.getTime()) continue;
    await enqueueFlush(ctx, p.user_id, p.type, start, true);
    digests++;
  }
  return deliveries.length + digests;
}

/** The scheduler role's pass every `everyMs`, one at a time; `stop` ends it and waits for a pass under way. */
export function startStrandedSweep(ctx: NotifyCtx, everyMs = STRANDED_SWEEP_MS): { stop(): Promise<void> } {
  let pass: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    pass ??= requeueStranded(ctx)
      .catch((err: unknown) => ctx.logger.warn("stranded notifications sweep failed", { err }))
      .finally(() => (pass = null));
  }, everyMs);
  timer.unref?.();
  return {
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}
