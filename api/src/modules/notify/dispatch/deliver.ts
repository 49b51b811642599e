import { iso } from "../../../platform/clock.ts";
import type { ReservedJob } from "../../../platform/queue/index.ts";
import { isBlocked, recipientOf, unsubscribeUrl } from "../preferences/index.ts";
import { toChannelFailure } from "../channels/index.ts";
import {
  closeAttempt, closeInterrupted, deliveryKey, enqueueDelivery, loadDelivery, logBase, openAttempt, settleDelivery, settleFailure, SUPERSEDED, takeSlot,
  type DeliveryRecord,
} from "../delivery/index.ts";
import { composeMessage } from "../templates/index.ts";
import type { NotifyCtx } from "../notify.deps.ts";
import type { OutboundChannel } from "../notify.schema.ts";
import type { Templates } from "../templates/index.ts";
import { deliverWebhook } from "../webhooks/index.ts";
import { blockDelivery, screenMessage } from "../content/index.ts";

export type DeliverJob = { deliveryId: string };

/**
 * The delivery job. Every start writes a send-log row; a retryable failure rethrows so the queue
 * retries with backoff; a permanent one (or the last attempt) marks the delivery failed and fails
 * over to the recipient's next channel. Finished deliveries are skipped, so a job delivered twice
 * (at-least-once queue) sends once. A row left `sending` by a worker that died (its lease ran out,
 * so the queue handed the job out again) is settled as `retry` before the new attempt starts.
 */
export async function runDelivery(ctx: NotifyCtx, templates: Templates, job: ReservedJob<DeliverJob>): Promise<unknown> {
  const d = await loadDelivery(ctx, job.payload.deliveryId);
  if (!d || d.status !== "queued") return { skipped: d?.status ?? "missing" };
  await closeInterrupted(ctx.db, d.id, iso(ctx.clock.now()));
  if (d.channel === "webhook") return deliverWebhook(ctx, d, job, templates);
  const recipient = d.user_id ? await recipientOf(ctx.db, d.user_id) : null;
  if (!recipient) return finishWithout(ctx, d, job, "failed", "notify.recipient_gone");
  if (await isBlocked(ctx.db, recipient, d.channel, d.type)) return finishWithout(ctx, d, job, "blocked", "notify.blocked");

  const slot = await takeSlot(ctx, d, recipient.id, job.attempt);
  if ("deferUntil" in slot) {
    const now = iso(ctx.clock.now());
    const until = iso(slot.deferUntil);
    await ctx.db.tx(async () => {
      // the row keeps the end: the stranded sweep sends a lost deferral again under the same key (dispatch/stranded.ts)
      await openAttempt(ctx.db, { ...logBase(d), attempt: job.attempt, status: "deferred", error: "notify.rate_limited", detail: until, now });
      await enqueueDelivery(ctx, d.id, deliveryKey(d.id, until), slot.deferUntil);
    });
    ctx.events.emit({ kind: "attempt", deliveryId: d.id, channel: d.channel, status: "deferred", userId: d.user_id });
    return { deferredUntil: until };
  }
  try {
    const channel = d.channel as OutboundChannel;
    // every channel's own rendering (and digests) passes the sensitive-word filter too
    const { message, blocked } = await screenMessage(ctx, await composeMessage(templates, d.event, recipient, channel));
    if (blocked) return blockDelivery(ctx, d, slot.logId, job.attempt, blocked);
    const outcome = await ctx.channels[channel].deliver({
      deliveryId: d.id, eventId: d.event.id, type: d.type, critical: d.event.critical, kind: d.event.kind,
      recipient, message, data: d.event.data,
      unsubscribeUrl: unsubscribeUrl(ctx.publicUrl, ctx.signingKey, { userId: recipient.id, type: d.type, channel }),
    });
    // the attempt's row and the delivery say sent together (a worker dying between them: see webhooks.ts)
    if (!(await ctx.db.tx(async () => (await closeAttempt(ctx.db, slot.logId, { status: "sent", target: outcome.target, now: iso(ctx.clock.now()) }))
      && (await settleDelivery(ctx, d.id, { status: "sent", attempts: job.attempt }), true)))) return SUPERSEDED;
    ctx.events.emit({ kind: "attempt", deliveryId: d.id, channel: d.channel, status: "sent", userId: d.user_id });
    return { sent: true };
  } catch (error) {
    return settleFailure(ctx, d, job, slot.logId, toChannelFailure(error), recipient);
  }
}

async function finishWithout(ctx: NotifyCtx, d: DeliveryRecord, job: ReservedJob, status: "failed" | "blocked", reason: string) {
  const now = iso(ctx.clock.now());
  await ctx.db.tx(async () => {
    await openAttempt(ctx.db, { ...logBase(d), attempt: job.attempt, status, error: reason, now });
    await settleDelivery(ctx, d.id, { status, attempts: job.attempt, error: reason });
  });
  ctx.events.emit({ kind: "attempt", deliveryId: d.id, channel: d.channel, status, userId: d.user_id, error: reason });
  return { [status]: reason };
}
