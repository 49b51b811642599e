import { errorMessage, runWorker, type ReservedJob, type RunningWorker } from "../../../platform/queue/index.ts";
import { runDelivery, type DeliverJob } from "./deliver.ts";
import { flushDigest, type DigestJob } from "../digest/index.ts";
import { NOTIFY_QUEUE, type NotifyCtx } from "../notify.deps.ts";
import type { Templates } from "../templates/index.ts";

/** The notify worker: delivery and digest jobs on one queue, outcomes reported as events. */
export function startNotifyWorker(ctx: NotifyCtx, templates: Templates): RunningWorker {
  const handle = (job: ReservedJob) =>
    job.name === "digest" ? flushDigest(ctx, job.payload as DigestJob) : runDelivery(ctx, templates, job as ReservedJob<DeliverJob>);
  return runWorker(ctx.queue, NOTIFY_QUEUE, handle, {
    concurrency: ctx.options.concurrency,
    workerId: "notify",
    onEvent(event) {
      if (event.type === "error") return ctx.logger.error("notify worker error", { err: event.error });
      const error = "error" in event ? errorMessage(event.error) : undefined;
      if (event.type === "dead") ctx.logger.warn("notify job dead-lettered", { job: event.job.id, name: event.job.name, error });
      ctx.events.emit({ kind: "job", name: event.job.name, outcome: event.type, error });
    },
  });
}
