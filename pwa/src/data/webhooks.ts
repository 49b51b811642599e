import type { WebhookDelivery, WebhookDeliveryDetail, WebhookEventType, WebhookFilter, WebhookSubscription } from "@ops/shared/contracts/webhooks.ts";
import { api, type Query } from "./client.ts";
import type { Page } from "./types.ts";

export type { WebhookDelivery, WebhookDeliveryDetail, WebhookEventType, WebhookSubscription };
export { DELIVERY_STATUSES, WEBHOOK_EVENTS } from "@ops/shared/contracts/webhooks.ts";

export type SubscriptionInput = { name: string; url: string; events: WebhookEventType[]; active: boolean; filter: WebhookFilter; secret?: string };

/** Outbound webhooks (webhooks:manage): subscriptions, their delivery log and replay. */
export const webhooksApi = {
  list: () => api.get<WebhookSubscription[]>("/webhooks"),
  create: (input: SubscriptionInput) => api.post<WebhookSubscription & { secret: string }>("/webhooks", input),
  update: (id: string, input: SubscriptionInput) => api.put<WebhookSubscription>(`/webhooks/${encodeURIComponent(id)}`, input),
  remove: (id: string) => api.del<{ id: string }>(`/webhooks/${encodeURIComponent(id)}`),
  rotate: (id: string) => api.post<WebhookSubscription & { secret: string }>(`/webhooks/${encodeURIComponent(id)}/rotate-secret`),
  deliveries: (id: string, q: Query) => api.get<Page<WebhookDelivery>>(`/webhooks/${encodeURIComponent(id)}/deliveries`, q),
  delivery: (id: string) => api.get<WebhookDeliveryDetail>(`/webhook-deliveries/${encodeURIComponent(id)}`),
  replay: (id: string) => api.post<WebhookDelivery>(`/webhook-deliveries/${encodeURIComponent(id)}/replay`),
};
