import { randomUUID } from "node:crypto";
import { runWorker, type RunningWorker } from "../../../platform/queue/index.ts";
import type { JobsDeps } from "../jobs.deps.ts";
import { CANCEL_CHANNEL, RUNS_QUEUE } from "../jobs.deps.ts";
import type { RunPayload } from "./attempt.ts";
import { createExecutor } from "./executor.ts";
import type { RunEvents } from "./run-events.ts";

export type RunWorkerOptions = {
  /** runs at once in this process (default 4) */
  concurrency?: number;
  /**
   * How long a reservation holds without renewal (default 10 s; renewed at half). A worker that
   * dies is noticed when it runs out, and its run is retried or failed then: within 15 s.
   */
  leaseMs?: number;
  workerId?: string;
};

export const DEFAULT_RUN_LEASE_MS = 10_000;

/** The queue consumer that executes runs (processes whose OPS_ROLES include `worker`). */
export async function startRunWorker(deps: JobsDeps, events: RunEvents, options: RunWorkerOptions = {}) {
  const workerId = options.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const executor = createExecutor(deps, events, workerId);
  const unlisten = await deps.db.listen(CANCEL_CHANNEL, (runId) => executor.cancelLocal(runId));
  const worker: RunningWorker = runWorker<RunPayload>(deps.queue, RUNS_QUEUE, (job, ctx) => executor.handle(job, ctx.signal), {
    concurrency: options.concurrency ?? 4,
    leaseMs: options.leaseMs ?? DEFAULT_RUN_LEASE_MS,
    workerId,
    onEvent: (e) => {
      if (e.type === "error" || e.type === "dead") deps.logger?.warn("job run worker", { event: e.type, err: "error" in e ? e.error : undefined });
    },
  });
  return {
    workerId,
    executor,
    async stop() {
      // Runs executing here end now (recorded as failed, retried by their policy): none stays `running`.
      const stopping = worker.stop();
      executor.stopAll();
      await stopping;
      await unlisten();
    },
  };
}

export type RunWorkerHandle = Awaited<ReturnType<typeof startRunWorker>>;
