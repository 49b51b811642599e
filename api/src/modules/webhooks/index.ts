/**
 * Outbound webhooks: subscriptions, signed deliveries through the job queue, the delivery log and
 * replay. Modules publish events through `publish` (passed to them as a port by the wiring).
 * Others reach it only through this file.
 */
export { createWebhooks, type Webhooks } from "./webhooks.service.ts";
export { webhooksRoutes } from "./webhooks.routes.ts";
export { DEFAULT_OPTIONS as WEBHOOKS_DEFAULTS, WEBHOOKS_QUEUE, type WebhooksDeps, type WebhooksOptions } from "./webhooks.deps.ts";
export type { WebhookEvent } from "./webhooks.events.ts";
export type { OutboundEvent } from "./publish.ts";
export { verifyWebhookSignature, webhookSignature } from "./signature.ts";
