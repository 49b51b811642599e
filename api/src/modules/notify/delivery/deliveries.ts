import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { EnqueueOptions } from "../../../platform/queue/index.ts";
import { parseJson } from "../inbox/index.ts";
import type { NotifyEventRecord } from "../templates/index.ts";
import { NOTIFY_QUEUE, type NotifyCtx } from "../notify.deps.ts";
import type { DeliveryChannel } from "../notify.schema.ts";
import { openAttempt } from "./send-log.ts";

/** One notification on one channel for one recipient (or one webhook), across all its attempts. */
export type DeliveryRecord = {
  id: string;
  user_id: string | null;
  webhook_id: string | null;
  type: string;
  channel: DeliveryChannel;
  status: "queued" | "sent" | "failed" | "blocked";
  attempts: number;
  event: NotifyEventRecord;
};

export type NewDelivery = { eventId: string; type: string; channel: DeliveryChannel; userId?: string; webhookId?: string; failoverFrom?: string };

/**
 * Jobs join the caller's transaction on the embedded queue (atomic with the rows that need
 * them); on BullMQ they are sent after the commit, so a rolled-back send enqueues nothing.
 */
export async function enqueueJob(ctx: NotifyCtx, name: string, payload: unknown, options: EnqueueOptions): Promise<void> {
  if (ctx.queue.kind === "embedded" || !ctx.db.inTx()) await ctx.queue.enqueue(NOTIFY_QUEUE, name, payload, options);
  else ctx.db.afterCommit(() => ctx.queue.enqueue(NOTIFY_QUEUE, name, payload, options));
}

export async function createDelivery(ctx: NotifyCtx, d: NewDelivery): Promise<string> {
  const id = newId();
  const now = iso(ctx.clock.now());
  await insertRow(ctx.db, "notify_deliveries", {
    id, event_id: d.eventId, user_id: d.userId ?? null, webhook_id: d.webhookId ?? null, type: d.type, channel: d.channel,
    status: "queued", attempts: 0, last_error: null, failover_from: d.failoverFrom ?? null, created_at: now, updated_at: now,
  });
  await enqueueDelivery(ctx, id, deliveryKey(id));
  return id;
}

/**
 * The idempotency key of a delivery's job: its first (`deliver:<id>`), or the one a rate-limit deferral queued for
 * its end (`deliver:<id>:<ISO end>`, the end kept in the deferred log row's detail). The stranded sweep sends a
 * delivery again under the key of its latest job, so one still on the queue is not doubled.
 */
export const deliveryKey = (deliveryId: string, deferredUntil?: string): string =>
  deferredUntil === undefined ? `deliver:${deliveryId}` : `deliver:${deliveryId}:${deferredUntil}`;

export async function enqueueDelivery(ctx: NotifyCtx, deliveryId: string, idempotencyKey: string, runAt?: Date): Promise<void> {
  await enqueueJob(ctx, "deliver", { deliveryId }, {
    idempotencyKey,
    runAt,
    attempts: ctx.options.attempts,
    backoff: { type: "exponential", delayMs: ctx.options.backoffMs },
  });
}

/** A channel the blacklist rules out is still recorded, so the log explains the silence. */
export async function recordBlocked(ctx: NotifyCtx, d: NewDelivery): Promise<void> {
  const id = newId();
  const now = iso(ctx.clock.now());
  await insertRow(ctx.db, "notify_deliveries", {
    id, event_id: d.eventId, user_id: d.userId ?? null, webhook_id: null, type: d.type, channel: d.channel,
    status: "blocked", attempts: 0, last_error: "notify.blocked", failover_from: d.failoverFrom ?? null, created_at: now, updated_at: now,
  });
  await openAttempt(ctx.db, { deliveryId: id, eventId: d.eventId, userId: d.userId ?? null, type: d.type, channel: d.channel, attempt: 0, status: "blocked", error: "notify.blocked", now });
}

type DeliveryRow = Omit<DeliveryRecord, "event"> & { kind: string; data: string; critical: number; event_id: string; event_created_at: string };

export async function loadDelivery(ctx: NotifyCtx, id: string): Promise<DeliveryRecord | null> {
  const r = await ctx.db.get<DeliveryRow>(
    `SELECT d.id, d.user_id, d.webhook_id, d.type, d.channel, d.status, d.attempts, d.event_id,
        e.kind, e.data, e.critical, e.created_at AS event_created_at
      FROM notify_deliveries d JOIN notify_events e ON e.id = d.event_id WHERE d.id = ?`,
    [id],
  );
  if (!r) return null;
  const event: NotifyEventRecord = {
    id: r.event_id, kind: r.kind === "digest" ? "digest" : "event", type: r.type,
    data: (parseJson(r.data) ?? {}) as Record<string, unknown>, critical: Number(r.critical) === 1, created_at: r.event_created_at,
  };
  return { id: r.id, user_id: r.user_id, webhook_id: r.webhook_id, type: r.type, channel: r.channel, status: r.status, attempts: Number(r.attempts), event };
}

export async function settleDelivery(ctx: NotifyCtx, id: string, s: { status: DeliveryRecord["status"]; attempts: number; error?: string }): Promise<void> {
  await ctx.db.run("UPDATE notify_deliveries SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ?", [
    s.status, s.attempts, s.error ?? null, iso(ctx.clock.now()), id,
  ]);
}

/** Channels this event already went (or is going) out on for the user: failover skips them. */
export async function usedChannels(ctx: NotifyCtx, eventId: string, userId: string): Promise<Set<string>> {
  const rows = await ctx.db.all<{ channel: string }>("SELECT channel FROM notify_deliveries WHERE event_id = ? AND user_id = ?", [eventId, userId]);
  return new Set(rows.map((r) => r.channel));
}
