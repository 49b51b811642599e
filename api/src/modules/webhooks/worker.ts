import { errorMessage, runWorker, type ReservedJob, type RunningWorker } from "../../platform/queue/index.ts";
import { runAttempt } from "./attempt.ts";
import type { AttemptJob } from "./delivery.store.ts";
import { WEBHOOKS_QUEUE, type WebhooksCtx } from "./webhooks.deps.ts";

/** The delivery worker (worker role): one job per attempt; a failed POST is retried by a new job at its delay. */
export function startWebhooksWorker(ctx: WebhooksCtx): RunningWorker {
  return runWorker(ctx.queue, WEBHOOKS_QUEUE, (job: ReservedJob<AttemptJob>) => runAttempt(ctx, job), {
    concurrency: ctx.options.concurrency,
    workerId: "webhooks",
    onEvent(event) {
      if (event.type === "error") ctx.logger.error("webhooks worker error", { err: event.error });
      else if (event.type === "dead") ctx.logger.warn("webhook attempt job dead-lettered", { job: event.job.id, error: errorMessage(event.error) });
    },
  });
}
