import { isBlocked, effectivePreferences, planChannels, type Effective } from "../preferences/index.ts";
import type { Recipient } from "../channels/index.ts";
import { createDelivery, recordBlocked } from "./deliveries.ts";
import type { NotifyCtx } from "../notify.deps.ts";

/** Queues one delivery per outbound channel the preferences (or criticality) pick; returns how many. */
export async function planDeliveries(
  ctx: NotifyCtx,
  event: { id: string; type: string; critical: boolean },
  recipient: Recipient,
  prefs?: Effective,
): Promise<number> {
  const eff = prefs ?? (await effectivePreferences(ctx.db, recipient.id, event.type));
  let queued = 0;
  for (const channel of planChannels(eff, event.critical).outbound) {
    const d = { eventId: event.id, type: event.type, channel, userId: recipient.id };
    if (await isBlocked(ctx.db, recipient, channel, event.type)) await recordBlocked(ctx, d);
    else {
      await createDelivery(ctx, d);
      queued++;
    }
  }
  return queued;
}
