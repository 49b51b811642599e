import { iso } from "../../platform/clock.ts";
import type { ReservedJob } from "../../platform/queue/index.ts";
import type { ChannelFailure, Recipient } from "./channels/channel.ts";
import { settleDelivery, type DeliveryRecord } from "./deliveries.ts";
import { failOver } from "./failover.ts";
import type { NotifyCtx } from "./notify.deps.ts";
import { closeAttempt } from "./send-log.ts";

/**
 * Records a failed attempt. Retryable with attempts left: rethrows for the queue's backoff.
 * Otherwise: the delivery fails and, for a recipient, the next channel is queued in the same
 * transaction.
 */
export async function settleFailure(
  ctx: NotifyCtx, d: DeliveryRecord, job: ReservedJob, logId: string, failure: ChannelFailure, recipient?: Recipient,
): Promise<unknown> {
  const final = !failure.retryable || job.attempt >= job.maxAttempts;
  const now = iso(ctx.clock.now());
  let next: string | null = null;
  await ctx.db.tx(async () => {
    await closeAttempt(ctx.db, logId, { status: final ? "failed" : "retry", error: failure.message, now });
    await settleDelivery(ctx, d.id, { status: final ? "failed" : "queued", attempts: job.attempt, error: failure.message });
    if (final && recipient) next = await failOver(ctx, d, recipient);
  });
  ctx.events.emit({ kind: "attempt", deliveryId: d.id, channel: d.channel, status: final ? "failed" : "retry", userId: d.user_id, error: failure.message });
  if (!final) throw failure;
  return { failed: failure.code, failover: next };
}

export const logBase = (d: DeliveryRecord) => ({ deliveryId: d.id, eventId: d.event.id, userId: d.user_id, type: d.type, channel: d.channel });
