import { isAppError } from "@ops/shared";
import { DEFAULT_LEASE_MS, errorMessage, isLeaseLost, QueueError, type QueueDriver, type ReservedJob } from "./driver.ts";

/**
 * The jobs' error sink (DESIGN §4): a worker loop over the port. It reserves up to `concurrency`
 * jobs, keeps each lease alive while its handler runs, completes on success, fails on a throw
 * (retried with backoff until attempts run out, then dead-lettered by the driver; an AppError
 * that is not `retryable` is dead-lettered at once) and, when nothing is due, waits for work
 * without polling. stop() stops reserving and resolves once in-flight handlers have settled.
 */
export type JobContext = {
  /** Aborted when the lease was lost: another worker may already run this job, stop side effects. */
  signal: AbortSignal;
};

export type JobHandler<P = unknown> = (job: ReservedJob<P>, ctx: JobContext) => unknown;

export type WorkerEvent =
  | { type: "completed"; job: ReservedJob }
  | { type: "retry" | "dead"; job: ReservedJob; error: unknown }
  | { type: "lease_lost"; job: ReservedJob }
  /** The driver itself failed (store or Redis down); the loop pauses and carries on. */
  | { type: "error"; error: unknown };

export type WorkerOptions = {
  concurrency?: number;
  leaseMs?: number;
  workerId?: string;
  onEvent?: (event: WorkerEvent) => void;
  /** Pause after a driver error before trying again. */
  errorPauseMs?: number;
};

export type RunningWorker = {
  /** Jobs whose handler is running now. */
  readonly inFlight: number;
  stop(): Promise<void>;
};

/** Whether a handler's error deserves another attempt. */
export function isRetryable(error: unknown): boolean {
  return isAppError(error) ? error.retryable : true;
}

export function runWorker<P = unknown>(
  driver: QueueDriver,
  queue: string,
  handler: JobHandler<P>,
  options: WorkerOptions = {},
): RunningWorker {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const emit = (event: WorkerEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug must not stop the loop or leave a job unsettled.
    }
  };
  const stopper = new AbortController();
  const stopped = aborted(stopper.signal);
  const running = new Set<Promise<void>>();
  const settings: RunSettings<P> = { driver, handler, leaseMs, emit };

  const start = (job: ReservedJob<P>) => {
    const run = runJob(settings, job).finally(() => running.delete(run));
    running.add(run);
  };

  // Reserves run in parallel batches that double while every reserve finds a job and drop back
  // to one as soon as one comes back empty: a backlog fills the free slots in a few round trips.
  // The doubling starts at the second job in a row: a trickle (one job per wake-up, a flow's
  // chain) then costs one reserve per job and one empty look, not two empty looks at once.
  let batch = 1;
  let fullInRow = 0;
  const fetchBatch = async (): Promise<number> => {
    const size = Math.min(batch, concurrency - running.size);
    const results = await Promise.allSettled(
      Array.from({ length: size }, () => driver.reserve<P>(queue, { leaseMs, workerId: options.workerId })),
    );
    let got = 0;
    for (const r of results) {
      if (r.status !== "fulfilled" || !r.value) continue;
      start(r.value);
      got++;
    }
    const failure = results.find((r) => r.status === "rejected");
    if (failure) throw failure.reason;
    fullInRow = got === size ? fullInRow + 1 : 0;
    batch = fullInRow === 0 ? 1 : fullInRow === 1 ? batch : Math.min(batch * 2, concurrency);
    return got;
  };

  const loop = async () => {
    while (!stopper.signal.aborted) {
      try {
        if (running.size >= concurrency) await Promise.race([...running, stopped]);
        else if ((await fetchBatch()) === 0) await driver.waitForWork(queue, stopper.signal);
      } catch (error) {
        batch = 1;
        fullInRow = 0;
        if (error instanceof QueueError && error.code === "queue.closed") break;
        emit({ type: "error", error });
        await pause(options.errorPauseMs ?? 1_000, stopper.signal);
      }
    }
    await Promise.allSettled([...running]);
  };
  const done = loop();

  const worker: RunningWorker = {
    get inFlight() {
      return running.size;
    },
    async stop() {
      stopper.abort();
      await done;
    },
  };
  const registered = { queue, worker };
  const set = consumers.get(driver) ?? new Set();
  consumers.set(driver, set.add(registered));
  const forget = () => void set.delete(registered);
  void done.then(forget, forget);
  return worker;
}

/** The loops consuming each driver's queues in this process: what its node reports and what a drain stops. */
const consumers = new WeakMap<QueueDriver, Set<{ queue: string; worker: RunningWorker }>>();

export type Consumers = {
  /** the queues this process takes work from now */
  queues(): string[];
  /** jobs whose handler is running now, over all of them */
  inFlight(): number;
  /**
   * Stops every loop taking work from the driver (none is taken any more) once its in-flight jobs have settled.
   * With `deadlineMs`, jobs still running at the deadline are handed back to the queue (taken again at once by
   * another process, their attempt not counted) and their handlers aborted; the answer counts both.
   */
  drain(options?: DrainOptions): Promise<DrainResult>;
};

export type DrainOptions = { deadlineMs?: number };
export type DrainResult = { finished: number; handedBack: number };

/** The workers running on `driver` (runWorker registers each until it stops): a node's queues and its drain. */
export function consumersOf(driver: QueueDriver): Consumers {
  const all = () => [...(consumers.get(driver) ?? [])];
  return {
    queues: () => [...new Set(all().map((c) => c.queue))].sort(),
    inFlight: () => all().reduce((n, c) => n + c.worker.inFlight, 0),
    // the deadline and hand-back come with the driver's release (issue 14); until then a drain waits for every job
    drain: async (_options: DrainOptions = {}) => {
      const finished = all().reduce((n, c) => n + c.worker.inFlight, 0);
      await Promise.all(all().map((c) => c.worker.stop()));
      return { finished, handedBack: 0 };
    },
  };
}

type RunSettings<P> = {
  driver: QueueDriver;
  handler: JobHandler<P>;
  leaseMs: number;
  emit: (event: WorkerEvent) => void;
};

async function runJob<P>({ driver, handler, leaseMs, emit }: RunSettings<P>, job: ReservedJob<P>): Promise<void> {
  const lost = new AbortController();
  const keepAlive = keepLeaseAlive(driver, job, leaseMs, lost);
  let outcome: { ok: true; result: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, result: await handler(job, { signal: lost.signal }) };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    keepAlive.stop();
  }
  if (lost.signal.aborted) return emit({ type: "lease_lost", job });
  try {
    if (outcome.ok) {
      await driver.complete(job, outcome.result);
      emit({ type: "completed", job });
    } else {
      const next = await driver.fail(job, outcome.error, { retry: isRetryable(outcome.error) });
      emit({ type: next, job, error: outcome.error });
    }
  } catch (error) {
    emit(isLeaseLost(error) ? { type: "lease_lost", job } : { type: "error", error: new Error(`${job.id}: ${errorMessage(error)}`) });
  }
}

/** Renews the lease at half its length; a refused renewal aborts the handler's signal. */
function keepLeaseAlive(driver: QueueDriver, job: ReservedJob, leaseMs: number, lost: AbortController) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    timer = setTimeout(async () => {
      try {
        await driver.extendLease(job, leaseMs);
      } catch (error) {
        if (isLeaseLost(error)) return lost.abort(error);
      }
      if (!stopped) schedule();
    }, leaseMs / 2);
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
