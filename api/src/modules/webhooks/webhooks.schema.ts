import { z } from "@hono/zod-openapi";
import { DELIVERY_STATUSES, WEBHOOK_EVENTS, WEBHOOK_LIMITS } from "@ops/shared/contracts/webhooks.ts";
import { listQuery } from "../../http/list-query.ts";

export const idParam = z.object({ id: z.string().min(1).max(64) });

const filter = z.object({
  definition_keys: z.array(z.string().min(1).max(64)).max(WEBHOOK_LIMITS.filterKeysMax).optional(),
}).strict();

/** POST /webhooks and PUT /webhooks/{id}: the URL's scheme, credentials and target are checked by the service (url-check.ts). */
export const subscriptionBody = z.object({
  name: z.string().trim().min(1).max(WEBHOOK_LIMITS.nameMax),
  url: z.string().trim().min(1).max(WEBHOOK_LIMITS.urlMax),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  /** absent: generated (create) or kept (update) */
  secret: z.string().min(WEBHOOK_LIMITS.secretMin).max(WEBHOOK_LIMITS.secretMax).optional(),
  active: z.boolean().default(true),
  filter: filter.default({}),
}).strict();
export type SubscriptionInput = z.infer<typeof subscriptionBody>;

export const deliveriesQuery = listQuery.extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
  event_type: z.enum(WEBHOOK_EVENTS).optional(),
});
export type DeliveriesQuery = z.infer<typeof deliveriesQuery>;
