import { isBlocked, effectivePreferences, nextChannel } from "../preferences/index.ts";
import type { Recipient } from "../channels/index.ts";
import { createDelivery, recordBlocked, usedChannels, type DeliveryRecord } from "./deliveries.ts";
import type { NotifyCtx } from "../notify.deps.ts";
import type { OutboundChannel } from "../notify.schema.ts";

/**
 * After a channel gave up on a recipient, queue the next channel of their order that this
 * notification has not used. Blacklisted candidates are recorded as blocked and skipped.
 * Returns the channel chosen, or null when every option is spent. Runs inside the caller's transaction.
 */
export async function failOver(ctx: NotifyCtx, d: DeliveryRecord, recipient: Recipient): Promise<OutboundChannel | null> {
  // Two channels of one notification may give up at once: on PostgreSQL one failover at a time
  // per notification and recipient, so both do not pick the same next channel (SQLite serialises).
  if (ctx.db.dialect === "postgres") await ctx.db.run("SELECT pg_advisory_xact_lock(hashtext(?))", [`notify-failover:${d.event.id}:${recipient.id}`]);
  const eff = await effectivePreferences(ctx.db, recipient.id, d.type);
  const used = await usedChannels(ctx, d.event.id, recipient.id);
  const base = { eventId: d.event.id, type: d.type, userId: recipient.id, failoverFrom: d.id };
  for (;;) {
    const next = nextChannel(eff, d.event.critical, d.channel as OutboundChannel, used);
    if (!next) return null;
    used.add(next);
    if (await isBlocked(ctx.db, recipient, next, d.type)) {
      await recordBlocked(ctx, { ...base, channel: next });
      continue;
    }
    await createDelivery(ctx, { ...base, channel: next });
    return next;
  }
}
