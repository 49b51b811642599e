import type { DeliveryStatus, WebhookDelivery } from "@ops/shared/contracts/webhooks.ts";
import { iso } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import { insertRow } from "../../platform/db/query.ts";
import { WEBHOOKS_QUEUE, type WebhooksCtx } from "./webhooks.deps.ts";

export type DeliveryRow = Omit<WebhookDelivery, "attempts" | "response_code"> & {
  attempts: number | string; response_code: number | string | null; created_by: string | null;
};

export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id, subscription_id: r.subscription_id, event_id: r.event_id, event_type: r.event_type, replay_of: r.replay_of,
  status: r.status as DeliveryStatus, attempts: Number(r.attempts), next_attempt_at: r.next_attempt_at,
  response_code: r.response_code === null ? null : Number(r.response_code), last_error: r.last_error,
  created_at: r.created_at, updated_at: r.updated_at, delivered_at: r.delivered_at,
});

export type AttemptJob = { deliveryId: string; attempt: number };

/** Runs `fn` once the surrounding transaction commits (at once outside one). */
export function afterCommit(ctx: WebhooksCtx, fn: () => unknown): void {
  if (ctx.db.inTx()) ctx.db.afterCommit(fn);
  else void fn();
}

/**
 * Queues attempt `attempt` of a delivery, at `runAt` (retries). The embedded queue joins the
 * caller's transaction (atomic with the rows); BullMQ is sent after the commit. The key makes a
 * second enqueue of the same attempt a no-op.
 */
export async function enqueueAttempt(ctx: WebhooksCtx, deliveryId: string, attempt: number, runAt?: Date): Promise<void> {
  const send = () => ctx.queue.enqueue<AttemptJob>(WEBHOOKS_QUEUE, "deliver", { deliveryId, attempt }, {
    idempotencyKey: `wh:${deliveryId}:${attempt}`, runAt,
    // the queue retries only a crashed handler (store down); failed POSTs are retried by the next attempt's job
    attempts: 3, backoff: { type: "fixed", delayMs: 5_000 },
  });
  if (ctx.queue.kind === "embedded" || !ctx.db.inTx()) await send();
  else ctx.db.afterCommit(send);
}

/** A new delivery of an event to a subscription, queued for its first attempt. */
export async function createDelivery(
  ctx: WebhooksCtx, d: { subscriptionId: string; eventId: string; eventType: string; replayOf?: string; by?: string | null },
): Promise<DeliveryRow> {
  const at = iso(ctx.clock.now());
  const row: DeliveryRow = {
    id: newId(), subscription_id: d.subscriptionId, event_id: d.eventId, event_type: d.eventType, replay_of: d.replayOf ?? null,
    status: "queued", attempts: 0, next_attempt_at: at, response_code: null, last_error: null, created_by: d.by ?? null,
    created_at: at, updated_at: at, delivered_at: null,
  };
  await insertRow(ctx.db, "webhook_deliveries", row);
  await enqueueAttempt(ctx, row.id, 1);
  afterCommit(ctx, () => ctx.events.emit({ kind: "queued", deliveryId: row.id, eventId: d.eventId, subscriptionId: d.subscriptionId }));
  return row;
}

export async function loadDelivery(ctx: WebhooksCtx, id: string): Promise<DeliveryRow | undefined> {
  return ctx.db.get<DeliveryRow>("SELECT * FROM webhook_deliveries WHERE id = ?", [id]);
}
