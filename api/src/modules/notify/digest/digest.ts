import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { RenderedMessage } from "../channels/index.ts";
import type { NotifyCtx } from "../notify.deps.ts";
import { enqueueJob, planDeliveries } from "../delivery/index.ts";
import { recipientOf } from "../preferences/index.ts";

/**
 * Digest batching. A non-critical event of a type the user marked `digest` is parked as an item;
 * the first item of a window queues one flush job for the window's end (an idempotency key per
 * user, type and window). The flush folds every parked item into one digest event and delivers
 * that on the user's channels: many events, one message. A lone item goes out as itself.
 */
export type DigestJob = { userId: string; type: string };

export async function parkForDigest(ctx: NotifyCtx, p: { userId: string; eventId: string; type: string; message: RenderedMessage }): Promise<void> {
  const now = ctx.clock.now();
  await insertRow(ctx.db, "notify_digest_items", {
    id: newId(), user_id: p.userId, type: p.type, event_id: p.eventId, title: p.message.title, body: p.message.body,
    digest_event_id: null, created_at: iso(now),
  });
  await enqueueFlush(ctx, p.userId, p.type, windowStart(ctx, now));
}

/** Where the digest window holding `at` starts (epoch ms). */
export const windowStart = (ctx: NotifyCtx, at: Date): number => Math.floor(at.getTime() / ctx.options.digestWindowMs) * ctx.options.digestWindowMs;

/**
 * Queues the flush of a user's type at the end of the window starting at `start` (`dueNow`: at once, the window being
 * over): one job per user, type and window.
 */
export async function enqueueFlush(ctx: NotifyCtx, userId: string, type: string, start: number, dueNow = false): Promise<void> {
  const job: DigestJob = { userId, type };
  await enqueueJob(ctx, "digest", job, {
    idempotencyKey: `digest:${userId}:${type}:${start}`, runAt: dueNow ? undefined : new Date(start + ctx.options.digestWindowMs), attempts: 3,
    backoff: { type: "exponential", delayMs: ctx.options.backoffMs },
  });
}

type ItemRow = { id: string; event_id: string; title: string; body: string; created_at: string };

export async function flushDigest(ctx: NotifyCtx, job: DigestJob): Promise<{ eventId: string; count: number } | null> {
  const { db } = ctx;
  const result = await db.tx(async () => {
    const items = await db.all<ItemRow>(
      "SELECT id, event_id, title, body, created_at FROM notify_digest_items WHERE user_id = ? AND type = ? AND digest_event_id IS NULL ORDER BY created_at, id",
      [job.userId, job.type],
    );
    if (items.length === 0) return null;
    const eventId = items.length === 1 ? items[0]!.event_id : newId();
    if (items.length > 1) {
      const data = { type: job.type, count: items.length, items: items.map(({ event_id, title, body, created_at }) => ({ event_id, title, body, created_at })) };
      await insertRow(db, "notify_events", { id: eventId, kind: "digest", type: job.type, data: JSON.stringify(data), critical: 0, created_by: null, created_at: iso(ctx.clock.now()) });
    }
    await db.run(`UPDATE notify_digest_items SET digest_event_id = ? WHERE id IN (${items.map(() => "?").join(", ")})`, [eventId, ...items.map((i) => i.id)]);
    const recipient = await recipientOf(db, job.userId);
    if (recipient) await planDeliveries(ctx, { id: eventId, type: job.type, critical: false }, recipient);
    return { eventId, count: items.length };
  });
  if (result) ctx.events.emit({ kind: "digest", userId: job.userId, type: job.type, ...result });
  return result;
}
