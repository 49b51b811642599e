import type { Page } from "@ops/shared";
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryDetail } from "@ops/shared/contracts/webhooks.ts";
import { noteAudit } from "../../platform/context.ts";
import { Where, paginate } from "../../platform/db/query.ts";
import { createDelivery, loadDelivery, toDelivery, type DeliveryRow } from "./delivery.store.ts";
import type { Subscriptions } from "./subscriptions.ts";
import type { WebhooksCtx } from "./webhooks.deps.ts";
import { deliveryNotFound, subscriptionInactive } from "./webhooks.errors.ts";
import type { DeliveriesQuery } from "./webhooks.schema.ts";

type AttemptRow = Omit<WebhookAttempt, "request_headers" | "attempt" | "duration_ms" | "response_code"> & {
  request_headers: string; attempt: number | string; duration_ms: number | string; response_code: number | string | null;
};

const SORTABLE = { created_at: "created_at", updated_at: "updated_at", status: "status" };

/** The delivery log: a subscription's deliveries, one with its request and attempts, and replay. */
export function createDeliveries(ctx: WebhooksCtx, subscriptions: Subscriptions) {
  const { db } = ctx;
  return {
    async list(subscriptionId: string, q: DeliveriesQuery): Promise<Page<WebhookDelivery>> {
      await subscriptions.row(subscriptionId);
      const where = new Where().eq("subscription_id", subscriptionId).eq("status", q.status).eq("event_type", q.event_type);
      return paginate<DeliveryRow, WebhookDelivery>(db, {
        select: "*", from: "webhook_deliveries", where, query: q, sortable: SORTABLE, defaultSort: "created_at DESC, id DESC", map: toDelivery,
      });
    },
    async get(id: string): Promise<WebhookDeliveryDetail> {
      const d = await loadDelivery(ctx, id);
      if (!d) throw deliveryNotFound();
      const sub = await subscriptions.row(d.subscription_id);
      const event = await db.get<{ body: string }>("SELECT body FROM webhook_events WHERE id = ?", [d.event_id]);
      const attempts = await db.all<AttemptRow>("SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt", [id]);
      return {
        ...toDelivery(d),
        request: { url: sub.url, body: event?.body ?? "" },
        attempts: attempts.map((a) => ({
          attempt: Number(a.attempt), status: a.status, request_headers: JSON.parse(a.request_headers), started_at: a.started_at,
          duration_ms: Number(a.duration_ms), response_code: a.response_code === null ? null : Number(a.response_code), response_body: a.response_body, error: a.error,
        })),
      };
    },
    /** The same event (same id and body) to the same subscription as a new delivery with its own id and attempts. */
    async replay(id: string, by: string | null): Promise<WebhookDelivery> {
      const d = await loadDelivery(ctx, id);
      if (!d) throw deliveryNotFound();
      const sub = await subscriptions.row(d.subscription_id);
      if (Number(sub.active) !== 1) throw subscriptionInactive();
      const replay = await db.tx(() => createDelivery(ctx, { subscriptionId: d.subscription_id, eventId: d.event_id, eventType: d.event_type, replayOf: d.id, by }));
      noteAudit({ resourceType: "webhook_delivery", resourceId: replay.id, after: { replay_of: d.id, event_id: d.event_id, subscription_id: d.subscription_id } });
      return toDelivery(replay);
    },
  };
}
