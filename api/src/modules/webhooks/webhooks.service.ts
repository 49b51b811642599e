import { startPeriodic } from "../../platform/periodic.ts";
import type { RunningWorker } from "../../platform/queue/index.ts";
import { createDeliveries } from "./deliveries.ts";
import { listening, publish, type OutboundEvent } from "./publish.ts";
import { pruneWebhooks } from "./retention.ts";
import { createSubscriptions } from "./subscriptions.ts";
import { DEFAULT_OPTIONS, type WebhooksCtx, type WebhooksDeps } from "./webhooks.deps.ts";
import { createWebhookEvents } from "./webhooks.events.ts";
import { startWebhooksWorker } from "./worker.ts";

/**
 * Outbound webhooks: other modules `publish` events; subscriptions get each matching event once,
 * signed, through the job queue, retried on the configured delays, every attempt logged. `start()`
 * runs the delivery worker (worker role) and, with `scheduler`, the hourly retention pass
 * (OPS_WEBHOOK_KEEP_DAYS); `stop()` ends both.
 */
const HOUR_MS = 3600_000;

export function createWebhooks(deps: WebhooksDeps) {
  const ctx: WebhooksCtx = { ...deps, options: { ...DEFAULT_OPTIONS, ...deps.options }, events: createWebhookEvents() };
  const subscriptions = createSubscriptions(ctx);
  let worker: RunningWorker | undefined;
  let stopRetention: (() => void) | null = null;
  const prune = (keepDays?: number) => pruneWebhooks(ctx, keepDays);
  return {
    options: ctx.options,
    events: ctx.events,
    subscriptions,
    deliveries: createDeliveries(ctx, subscriptions),
    publish: (events: OutboundEvent[]) => publish(ctx, events),
    listening: (prefix: string) => listening(ctx, prefix),
    /** Deletes finished deliveries older than `keepDays` (default OPS_WEBHOOK_KEEP_DAYS) with their attempts, and events left without deliveries. */
    prune,
    start(roles: { worker?: boolean; scheduler?: boolean } = { worker: true }) {
      if (roles.worker) worker ??= startWebhooksWorker(ctx);
      if (roles.scheduler && !stopRetention && ctx.options.keepDays) {
        stopRetention = startPeriodic(async () => {
          const r = await prune();
          if (r.deliveries || r.events) ctx.logger.info("webhook deliveries pruned", { ...r, keep_days: ctx.options.keepDays });
        }, (e) => ctx.logger.error("webhook retention failed", { err: e }), HOUR_MS);
      }
    },
    /** Ends the scheduler role's retention pass (a shutdown's first steps); the delivery worker drains with the queue's. */
    stopScheduler() {
      stopRetention?.();
      stopRetention = null;
    },
    async stop() {
      this.stopScheduler();
      await worker?.stop();
      worker = undefined;
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
