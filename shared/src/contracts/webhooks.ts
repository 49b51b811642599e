/**
 * Outbound webhooks: the event types other programs subscribe to and the shapes the API answers
 * with, shared by the API and the PWA. Pure: no I/O.
 */

/** Approval instance events (the instance as GET /approvals/{id} answers) and task events (plus the task). */
export const WEBHOOK_EVENTS = [
  "approval.started", "approval.approved", "approval.rejected", "approval.withdrawn",
  "approval.task.created", "approval.task.approved", "approval.task.rejected", "approval.task.transferred",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** queued 等待投递 · retrying 等待重试 · delivered 已送达 (2xx) · failed 失败 (attempts used up, or the target refused) */
export const DELIVERY_STATUSES = ["queued", "retrying", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const WEBHOOK_LIMITS = {
  urlMax: 2000,
  nameMax: 100,
  secretMin: 16,
  secretMax: 200,
  filterKeysMax: 50,
  /** bytes of a receiver's answer kept per attempt */
  responseBytes: 2048,
} as const;

/** Narrows what a subscription receives: definition_keys (approval events of these definitions only). */
export type WebhookFilter = { definition_keys?: string[] };

export type WebhookSubscription = {
  id: string;
  name: string;
  url: string;
  events: WebhookEventType[];
  filter: WebhookFilter;
  active: boolean;
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

export type WebhookDelivery = {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  /** the delivery this one replays (null for the first) */
  replay_of: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  response_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
};

export type WebhookAttempt = {
  attempt: number;
  status: "delivered" | "failed";
  request_headers: Record<string, string>;
  started_at: string;
  duration_ms: number;
  response_code: number | null;
  /** the first 2 KB of the answer */
  response_body: string | null;
  error: string | null;
};

/** GET /webhook-deliveries/{id}: the delivery with its request and every attempt (`attempts` is the list here, not the count). */
export type WebhookDeliveryDetail = Omit<WebhookDelivery, "attempts"> & {
  request: { url: string; body: string };
  attempts: WebhookAttempt[];
};
