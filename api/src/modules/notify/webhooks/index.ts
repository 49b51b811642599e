/** Webhook targets: management, guards and delivery. Siblings and the notify root import from here. */
export { checkWebhookIds, createWebhooks, deliverWebhook, queueWebhooks } from "./webhooks.ts";
