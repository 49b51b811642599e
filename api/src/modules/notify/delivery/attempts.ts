import { iso } from "../../../platform/clock.ts";
import type { ReservedJob } from "../../../platform/queue/index.ts";
import type { ChannelFailure, Recipient } from "../channels/index.ts";
import { settleDelivery, type DeliveryRecord } from "./deliveries.ts";
import { failOver } from "./failover.ts";
import type { NotifyCtx } from "../notify.deps.ts";
import { closeAttempt } from "./send-log.ts";

/**
 * Records a failed attempt. Retryable with attempts left: rethrows for the queue's backoff.
 * Otherwise: the delivery fails and, for a recipient, the next channel is queued in the same
 * transaction. An attempt a newer one superseded changes nothing.
 */
export async function settleFailure(
  ctx: NotifyCtx, d: DeliveryRecord, job: ReservedJob, logId: string, failure: ChannelFailure, recipient?: Recipient,
): Promise<unknown> {
  const final = !failure.retryable || job.attempt >= job.maxAttempts;
  const now = iso(ctx.clock.now());
  let next: string | null = null;
  const mine = await ctx.db.tx(async () => {
    if (!(await closeAttempt(ctx.db, logId, { status: final ? "failed" : "retry", error: failure.message, now }))) return false;
    await settleDelivery(ctx, d.id, { status: final ? "failed" : "queued", attempts: job.attempt, error: failure.message });
    if (final && recipient) next = await failOver(ctx, d, recipient);
    return true;
  });
  if (!mine) return SUPERSEDED;
  ctx.events.emit({ kind: "attempt", deliveryId: d.id, channel: d.channel, status: final ? "failed" : "retry", userId: d.user_id, error: failure.message });
  if (!final) throw failure;
  return { failed: failure.code, failover: next };
}

/** What a handler returns when a newer attempt already took its job over (see closeAttempt). */
export const SUPERSEDED = { superseded: true } as const;

export const logBase = (d: DeliveryRecord) => ({ deliveryId: d.id, eventId: d.event.id, userId: d.user_id, type: d.type, channel: d.channel });
