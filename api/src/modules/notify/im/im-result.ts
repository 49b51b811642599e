import { notFound } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { logBase, loadDelivery, settleDelivery, failOver, openAttempt } from "../delivery/index.ts";
import type { NotifyCtx } from "../notify.deps.ts";
import { recipientOf } from "../preferences/index.ts";

/** What the bot reports after trying to post an IM notification card. */
export type ImResult = { ok: boolean; attempt: number; final: boolean; error?: string };

/**
 * The IM channel hands the card to the bot (logged as sent to the bot); whether it reached the chat
 * is known only there. A failed attempt is logged as the bot reports it, and the last one fails the
 * delivery over to the recipient's next channel, as any other channel's failure would.
 */
export async function recordImResult(ctx: NotifyCtx, deliveryId: string, r: ImResult): Promise<{ failover: string | null }> {
  const d = await loadDelivery(ctx, deliveryId);
  if (!d || d.channel !== "im") throw notFound("notify.delivery_not_found");
  if (r.ok) return { failover: null };
  const recipient = d.user_id ? await recipientOf(ctx.db, d.user_id) : null;
  const now = iso(ctx.clock.now());
  const error = r.error ?? "notify.im_failed";
  let next: string | null = null;
  await ctx.db.tx(async () => {
    await openAttempt(ctx.db, { ...logBase(d), attempt: r.attempt + 1, status: r.final ? "failed" : "retry", error, now });
    // A repeated final report (the bot's own retry) must not fail over twice.
    if (!r.final || d.status === "failed") return;
    await settleDelivery(ctx, d.id, { status: "failed", attempts: r.attempt + 1, error });
    if (recipient) next = await failOver(ctx, d, recipient);
  });
  ctx.events.emit({ kind: "attempt", deliveryId: d.id, channel: "im", status: r.final ? "failed" : "retry", userId: d.user_id, error });
  return { failover: next };
}
