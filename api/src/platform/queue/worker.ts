import { isAppError } from "@ops/shared";
import { DEFAULT_LEASE_MS, errorMessage, isLeaseLost, QueueError, type QueueDriver, type ReservedJob, type ReserveOptions } from "./driver.ts";

/**
 * The jobs' error sink (DESIGN §4): a worker loop over the port. It reserves up to `concurrency`
 * jobs, keeps each lease alive while its handler runs, completes on success, fails on a throw
 * (retried with backoff until attempts run out, then dead-lettered by the driver; an AppError
 * that is not `retryable` is dead-lettered at once) and, when nothing is due, waits for work
 * without polling. stop() stops reserving and resolves once in-flight handlers have settled.
 */
export type JobContext = {
  /**
   * Aborted when the lease was lost or a drain handed the job back (reason: a QueueError with that code): another
   * worker may already run this job, stop side effects.
   */
  signal: AbortSignal;
};

export type JobHandler<P = unknown> = (job: ReservedJob<P>, ctx: JobContext) => unknown;

export type WorkerEvent =
  | { type: "completed"; job: ReservedJob }
  | { type: "retry" | "dead"; job: ReservedJob; error: unknown }
  /** `handedBack`: not lost but given back by a drain whose deadline passed while the handler ran (signal aborted). */
  | { type: "lease_lost"; job: ReservedJob; handedBack?: true }
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
  /** Stops reserving; resolves once in-flight handlers have settled. */
  stop(): Promise<void>;
  /** Stops reserving; at the deadline hands the jobs still running back (see Consumers.drain). */
  drain(options?: DrainOptions): Promise<DrainResult>;
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
  const running = new Set<JobRun<P>>();
  let emptied = Promise.withResolvers<void>();
  const forgetRun = (run: JobRun<P>) => {
    if (!running.delete(run) || running.size > 0) return;
    emptied.resolve();
    emptied = Promise.withResolvers<void>();
  };
  const idle = () => (running.size === 0 ? Promise.resolve() : emptied.promise);
  // A driver that completes and takes the next job in one round trip refills a finished job's slot itself, unless
  // the loop is stopping (a job taken then is handed back at once).
  const refill = driver.completeAndReserve
    ? {
      wanted: () => !stopper.signal.aborted,
      take: async (job: ReservedJob<P>) => {
        if (!stopper.signal.aborted) return start(job);
        try {
          await driver.release(job);
        } catch (error) {
          emit({ type: "error", error });
        }
      },
      options: { leaseMs, workerId: options.workerId },
    }
    : undefined;
  const settings: RunSettings<P> = { driver, handler, leaseMs, emit, refill };

  const start = (job: ReservedJob<P>): void => {
    const run = startJob(settings, job);
    running.add(run);
    void run.done.finally(() => forgetRun(run));
  };

  // One reservation fills every free slot (reserveMany: one statement or one pipeline for the lot), so a backlog
  // costs one round trip per batch and a trickle (a flow's chain) one per job, plus one empty look before sleeping.
  const fetchBatch = async (): Promise<number> => {
    const jobs = await driver.reserveMany<P>(queue, concurrency - running.size, { leaseMs, workerId: options.workerId });
    for (const job of jobs) start(job);
    return jobs.length;
  };

  const loop = async () => {
    while (!stopper.signal.aborted) {
      try {
        if (running.size >= concurrency) await Promise.race([...[...running].map((r) => r.done), stopped]);
        else if ((await fetchBatch()) === 0) await driver.waitForWork(queue, stopper.signal);
      } catch (error) {
        if (error instanceof QueueError && error.code === "queue.closed") break;
        emit({ type: "error", error });
        await pause(options.errorPauseMs ?? 1_000, stopper.signal);
      }
    }
  };
  const looping = loop();
  // Registered until the loop has ended and no handler of its runs any more (handed-back ones are let go).
  const done = looping.then(idle);

  const worker: RunningWorker = {
    get inFlight() {
      return running.size;
    },
    async stop() {
      stopper.abort();
      await done;
    },
    async drain(drainOptions: DrainOptions = {}) {
      const runs = [...running];
      stopper.abort();
      await looping;
      for (const run of running) if (!runs.includes(run)) runs.push(run);
      if (drainOptions.deadlineMs !== undefined) await untilIdleOr(idle(), Math.max(0, drainOptions.deadlineMs));
      else await idle();
      const outcomes = await Promise.all([...running].map((run) => run.handBack()));
      await idle();
      const handedBack = outcomes.filter((o) => o === "handed").length;
      const lost = outcomes.filter((o) => o === "lost").length;
      return { finished: runs.length - handedBack - lost, handedBack };
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
    drain: async (options: DrainOptions = {}) => {
      const results = await Promise.all(all().map((c) => c.worker.drain(options)));
      return results.reduce((sum, r) => ({ finished: sum.finished + r.finished, handedBack: sum.handedBack + r.handedBack }), {
        finished: 0,
        handedBack: 0,
      });
    },
  };
}

type RunSettings<P> = {
  driver: QueueDriver;
  handler: JobHandler<P>;
  leaseMs: number;
  emit: (event: WorkerEvent) => void;
  refill?: { wanted(): boolean; take(job: ReservedJob<P>): Promise<void>; options: ReserveOptions };
};

/** One job in this worker: `done` once it settled or was handed back; a drain's handBack() says which. */
type JobRun<P> = { job: ReservedJob<P>; done: Promise<void>; handBack(): Promise<"handed" | "settled" | "lost"> };

function startJob<P>({ driver, handler, leaseMs, emit, refill }: RunSettings<P>, job: ReservedJob<P>): JobRun<P> {
  const lost = new AbortController();
  const keepAlive = keepLeaseAlive(driver, job, leaseMs, lost);
  // handler: running; settling: completing or failing the job (a drain lets that finish); handed: given back.
  const state: { phase: "handler" | "settling" | "handed" } = { phase: "handler" };
  const handedOver = Promise.withResolvers<void>();
  const settled = (async () => {
    let outcome: { ok: true; result: unknown } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, result: await handler(job, { signal: lost.signal }) };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      keepAlive.stop();
    }
    // A handed-back job is no longer ours (another worker may run it already): its outcome is dropped.
    if (state.phase === "handed") return;
    if (lost.signal.aborted) return emit({ type: "lease_lost", job });
    state.phase = "settling";
    try {
      if (outcome.ok && refill?.wanted()) {
        const next = await driver.completeAndReserve!<P>(job, outcome.result, refill.options);
        emit({ type: "completed", job });
        if (next) await refill.take(next);
      } else if (outcome.ok) {
        await driver.complete(job, outcome.result);
        emit({ type: "completed", job });
      } else {
        const next = await driver.fail(job, outcome.error, { retry: isRetryable(outcome.error) });
        emit({ type: next, job, error: outcome.error });
      }
    } catch (error) {
      emit(isLeaseLost(error) ? { type: "lease_lost", job } : { type: "error", error: new Error(`${job.id}: ${errorMessage(error)}`) });
    }
  })();
  return {
    job,
    done: Promise.race([settled, handedOver.promise]),
    async handBack() {
      if (state.phase !== "handler") {
        await settled;
        return "settled";
      }
      state.phase = "handed";
      keepAlive.stop();
      // Stop the handler's side effects first: the release makes the job another worker's at once.
      lost.abort(new QueueError("queue.handed_back", `job ${job.id} on ${job.queue} was handed back by a drain`));
      let released = false;
      try {
        released = await driver.release(job);
      } catch (error) {
        emit({ type: "error", error: new Error(`${job.id}: ${errorMessage(error)}`) });
      }
      emit(released ? { type: "lease_lost", job, handedBack: true } : { type: "lease_lost", job });
      handedOver.resolve();
      return released ? "handed" : "lost";
    },
  };
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

/** Resolves when `idle` does or after `ms`, whichever comes first (the timer does not outlive it). */
async function untilIdleOr(idle: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([idle, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
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
