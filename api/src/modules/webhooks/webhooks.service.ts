import type { RunningWorker } from "../../platform/queue/index.ts";
import { createDeliveries } from "./deliveries.ts";
import { listening, publish, type OutboundEvent } from "./publish.ts";
import { createSubscriptions } from "./subscriptions.ts";
import { DEFAULT_OPTIONS, type WebhooksCtx, type WebhooksDeps } from "./webhooks.deps.ts";
import { createWebhookEvents } from "./webhooks.events.ts";
import { startWebhooksWorker } from "./worker.ts";

/**
 * Outbound webhooks: other modules `publish` events; subscriptions get each matching event once,
 * signed, through the job queue, retried on the configured delays, every attempt logged. `start()`
 * runs the delivery worker (worker role), `stop()` ends it.
 */
export function createWebhooks(deps: WebhooksDeps) {
  const ctx: WebhooksCtx = { ...deps, options: { ...DEFAULT_OPTIONS, ...deps.options }, events: createWebhookEvents() };
  const subscriptions = createSubscriptions(ctx);
  let worker: RunningWorker | undefined;
  return {
    options: ctx.options,
    events: ctx.events,
    subscriptions,
    deliveries: createDeliveries(ctx, subscriptions),
    publish: (events: OutboundEvent[]) => publish(ctx, events),
    listening: (prefix: string) => listening(ctx, prefix),
    start() {
      worker ??= startWebhooksWorker(ctx);
    },
    async stop() {
      await worker?.stop();
      worker = undefined;
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
