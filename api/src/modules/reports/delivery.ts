import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { startPeriodic } from "../../platform/periodic.ts";
import { runWorker, type ReservedJob, type RunningWorker } from "../../platform/queue/index.ts";
import type { ReportReader } from "./ports.ts";
import type { ReportsDeps } from "./reports.deps.ts";
import { createExports, DELIVERY_QUEUE, EXPORTS_QUEUE, exportsRoutes, type ExportJob } from "./exports/index.ts";
import { createDigests, createImages, createSubscriptions, createXlsxLinks, subscriptionsRoutes } from "./subscriptions/index.ts";

/**
 * Delivery of reports: exports (and export jobs), digests with signed chart images, subscriptions. Its routes go on
 * the module's; start() runs the export and digest workers on the worker role and the due pass and the 7-day file
 * sweep on the scheduler role.
 */
export function createDelivery(base: ReportsDeps, reader: ReportReader, o: { dueEveryMs?: number; sweepEveryMs?: number } = {}) {
  const deps = { ...base, reader };
  const exports = createExports(deps);
  const images = createImages(deps);
  const xlsxLinks = createXlsxLinks(deps);
  const digestOf = createDigests(deps, images, xlsxLinks);
  const subscriptions = createSubscriptions(deps, digestOf);
  const routes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .route("/", exportsRoutes(deps, exports))
    .route("/", subscriptionsRoutes(subscriptions, digestOf, images, { deps, xlsxLinks }));
  const workers: RunningWorker[] = [];
  const timers: Array<() => void> = [];
  const onError = (what: string) => (e: unknown) => deps.logger.error(`reports ${what} failed`, { err: e });
  return {
    routes, exports, images, digestOf, subscriptions,
    start(roles: { scheduler: boolean; worker: boolean }) {
      if (roles.worker) {
        workers.push(runWorker(deps.queue, EXPORTS_QUEUE, (job: ReservedJob<ExportJob>, ctx) => exports.run(job.payload, ctx.signal), { concurrency: 2, leaseMs: 10 * 60_000 }));
        workers.push(runWorker(deps.queue, DELIVERY_QUEUE, (job: ReservedJob<{ runId: string }>) => subscriptions.deliver(job.payload), { concurrency: 2, leaseMs: 5 * 60_000 }));
      }
      if (roles.scheduler) {
        timers.push(startPeriodic(() => subscriptions.duePass(), onError("subscription due pass"), o.dueEveryMs ?? 30_000));
        timers.push(startPeriodic(() => exports.sweep(), onError("export sweep"), o.sweepEveryMs ?? 3_600_000));
      }
    },
    /** Ends the scheduler role's passes (subscriptions due, export sweep): a shutdown's first steps. */
    stopScheduler() {
      for (const stop of timers.splice(0)) stop();
    },
    async stop() {
      for (const stop of timers.splice(0)) stop();
      await Promise.all(workers.splice(0).map((w) => w.stop()));
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
