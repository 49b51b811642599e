import { addMs, iso } from "../../../platform/clock.ts";
import type { DeliveryRecord } from "./deliveries.ts";
import type { NotifyCtx } from "../notify.deps.ts";
import { openAttempt, recentSends } from "./send-log.ts";

const WINDOW_MS = 60_000;

export type Slot = { logId: string } | { deferUntil: Date };

/**
 * Claims one send within the recipient's per-minute budget on this channel and opens the
 * attempt's log row in the same transaction, so concurrent workers cannot both take the last
 * slot (SQLite serialises writers; PostgreSQL takes a lock per recipient and channel).
 * Critical notifications are never held back.
 */
export async function takeSlot(ctx: NotifyCtx, d: DeliveryRecord, userId: string, attempt: number): Promise<Slot> {
  const { db, clock, options } = ctx;
  return db.tx(async () => {
    const now = clock.now();
    if (!d.event.critical) {
      if (db.dialect === "postgres") await db.run("SELECT pg_advisory_xact_lock(hashtext(?))", [`notify:${userId}:${d.channel}`]);
      const recent = await recentSends(db, userId, d.channel, iso(addMs(now, -WINDOW_MS)), options.ratePerMinute);
      if (recent.length >= options.ratePerMinute) return { deferUntil: addMs(new Date(recent[0]!), WINDOW_MS) };
    }
    const logId = await openAttempt(db, {
      deliveryId: d.id, eventId: d.event.id, userId, type: d.type, channel: d.channel, attempt, status: "sending", now: iso(now),
    });
    return { logId };
  });
}
