import { randomUUID } from "node:crypto";
import { Job, Queue, UnrecoverableError, Worker } from "bullmq";
import IORedis, { type Redis } from "ioredis";
import {
  DEFAULT_IDLE_RECHECK_MS, DEFAULT_KEEP_COMPLETED_MS, DEFAULT_KEEP_DEAD_MS, DEFAULT_LEASE_MS, DEFAULT_MAX_LEASE_EXPIRIES, MAX_BATCH_RESERVE,
  QueueError, errorMessage, normalizeEnqueue,
  type DriverTuning, type EnqueueOptions, type FailOptions, type FailOutcome, type JobInfo, type Lease, type QueueDriver,
  type QueueStats, type ReserveOptions, type ReservedJob,
} from "../driver.ts";
import { idempotentJobId, isLeaseLostError, leaseLost, toInfo, toReserved } from "./job-map.ts";
import type { Logger } from "../../logger.ts";
import { waitForMarker, type MarkerState } from "./marker-wait.ts";

/**
 * The port on BullMQ's manual processing: per queue one Queue (producer side) and one Worker
 * without a processor, whose backend reserves (`moveToActive` with our lease token), whose
 * blocking connection waits for markers and whose stalled checker returns jobs with a lapsed
 * lease to the wait list. Delay, priority, attempts and backoff are BullMQ's own; the decision to
 * retry follows the port (starts < attempts) so a lease expiry counts like on the embedded driver.
 */
export type BullmqDriverOptions = DriverTuning & {
  /** redis:// URL; or pass `connection` to share a client you own. */
  url?: string;
  connection?: Redis;
  /** Key prefix of this installation (tests use one of their own). Default "ops". */
  prefix?: string;
  /** Lease of a reservation that names none; also the Worker's lockDuration. */
  defaultLeaseMs?: number;
  /** How often lapsed leases are looked for (BullMQ stalledInterval); detection takes up to two. */
  stalledCheckMs?: number;
  workerId?: string;
  /** Connection trouble is reported here (BullMQ and ioredis emit it as events); default stderr. */
  logger?: Logger;
};

/** `ask`: how many moveToActive calls the next reserveMany sends (see there). */
type Handle = MarkerState & { queue: Queue; ask: number };

/** The parts of BullMQ's Redis backend the release uses (not in its typings). */
type BackendInternals = {
  version: string;
  queue: {
    keys: Record<"active" | "wait" | "stalled" | "paused" | "meta" | "limiter" | "prioritized" | "marker" | "events", string>;
    toKey(id: string): string;
    client: Promise<{ multi(): ReleaseTx }>;
  };
};
type ReleaseTx = {
  eval(script: string, numKeys: number, ...args: string[]): ReleaseTx;
  runCommand(name: string, args: string[]): ReleaseTx;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
};

/** Takes the start back while the lease's lock holds (1), else changes nothing (0). */
const RELEASE_GUARD = `if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("HINCRBY", KEYS[2], "ats", -1) return 1 end return 0`;
const MAX_ASK = 64;

const DEFAULT_STALLED_CHECK_MS = 5_000;
const PRODUCER_RETRIES = 2;
const PING_TIMEOUT_MS = 1_000;

export function createBullmqDriver(options: BullmqDriverOptions): QueueDriver {
  const ownsConnection = !options.connection;
  const url = options.url ?? "redis://127.0.0.1:6379";
  // Workers (and their blocking duplicate) must wait out a reconnect rather than fail; producers
  // run inside requests and should fail within a few retries instead of hanging.
  const connection = options.connection ?? new IORedis(url, { maxRetriesPerRequest: null });
  const producer = options.connection ?? new IORedis(url, { maxRetriesPerRequest: PRODUCER_RETRIES });
  // An EventEmitter 'error' without a listener would crash the process; Redis hiccups are logged.
  const onError = (err: unknown) =>
    options.logger ? options.logger.warn("queue backend error", { err }) : console.error("[queue:bullmq]", err);
  if (ownsConnection) for (const c of [connection, producer]) c.on("error", onError);
  const prefix = options.prefix ?? "ops";
  const defaultLeaseMs = options.defaultLeaseMs ?? DEFAULT_LEASE_MS;
  const idleRecheckMs = options.idleRecheckMs ?? DEFAULT_IDLE_RECHECK_MS;
  const workerId = options.workerId ?? `bullmq-${process.pid}`;
  const keep = {
    removeOnComplete: { age: Math.ceil((options.keepCompletedMs ?? DEFAULT_KEEP_COMPLETED_MS) / 1000) },
    removeOnFail: { age: Math.ceil((options.keepDeadMs ?? DEFAULT_KEEP_DEAD_MS) / 1000) },
  };
  const handles = new Map<string, Promise<Handle>>();
  /**
   * Reserved jobs by id and lease token, so completing needs no extra round trip. Both: a fetch-next gives the next
   * job the finished one's token, and a stale lease of the first must not find the second.
   */
  const leased = new Map<string, Job>();
  const leaseKey = (id: string, token: string) => `${id}\n${token}`;
  const closer = new AbortController();
  const open = () => {
    if (closer.signal.aborted) throw new QueueError("queue.closed", "the BullMQ queue driver is closed");
  };

  /** every Queue/Worker made, ready or not, so close() can drop them without waiting for Redis */
  const created = new Set<{ disconnect(): Promise<void> }>();

  function handle(name: string): Promise<Handle> {
    open();
    let h = handles.get(name);
    if (!h) {
      h = createHandle(name);
      handles.set(name, h);
      // A handle that could not be set up (Redis away at start) is built again on the next call.
      h.catch(() => handles.delete(name));
    }
    return untilClosed(h);
  }

  // A caller waiting for a handle that Redis never readies is released when the driver closes.
  const closed = new Promise<never>((_, reject) =>
    closer.signal.addEventListener("abort", () => reject(new QueueError("queue.closed", "the BullMQ queue driver is closed"))),
  );
  closed.catch(() => undefined);
  const untilClosed = <T>(p: Promise<T>): Promise<T> => Promise.race([p, closed]);

  async function createHandle(name: string): Promise<Handle> {
    const queue = new Queue(name, { connection: producer, prefix });
    const worker = new Worker(name, null, {
      connection,
      prefix,
      autorun: false,
      lockDuration: defaultLeaseMs,
      stalledInterval: options.stalledCheckMs ?? DEFAULT_STALLED_CHECK_MS,
      maxStalledCount: options.maxLeaseExpiries ?? DEFAULT_MAX_LEASE_EXPIRIES,
    });
    queue.on("error", onError);
    worker.on("error", onError);
    created.add(queue).add(worker);
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    await worker.startStalledCheckTimer();
    return { queue, worker, blockUntil: 0, woken: false, pending: null, ask: 1 };
  }

  async function enqueue<P>(queue: string, name: string, payload: P, opts: EnqueueOptions = {}): Promise<string> {
    const o = normalizeEnqueue(queue, name, opts, new Date());
    const h = await handle(queue);
    const job = await h.queue.add(name, payload ?? null, {
      ...keep,
      jobId: o.idempotencyKey === undefined ? undefined : idempotentJobId(o.idempotencyKey),
      delay: o.delayMs || undefined,
      priority: o.priority || undefined,
      attempts: o.attempts,
      backoff: o.backoff ? { type: o.backoff.type, delay: o.backoff.delayMs } : undefined,
    });
    return job.id ?? "";
  }

  async function reserve<P>(queue: string, opts: ReserveOptions = {}): Promise<ReservedJob<P> | null> {
    return takeOne<P>(await handle(queue), queue, opts);
  }

  /**
   * BullMQ moves one job per moveToActive. The calls go out together (one write, Redis answers in order); how many
   * follows the last answers: the ask doubles while every call found a job (another round for the rest of `max`)
   * and falls back to what was found, so a trickle costs one call per look and a backlog fills the free slots in
   * one or a few round trips.
   */
  async function reserveMany<P>(queue: string, max: number, opts: ReserveOptions = {}): Promise<ReservedJob<P>[]> {
    const h = await handle(queue);
    const n = Math.min(Math.floor(max), MAX_BATCH_RESERVE);
    const jobs: ReservedJob<P>[] = [];
    while (jobs.length < n) {
      const ask = Math.min(n - jobs.length, h.ask);
      const got = await Promise.all(Array.from({ length: ask }, () => takeOne<P>(h, queue, opts)));
      for (const job of got) if (job) jobs.push(job);
      if (jobs.length < n && got.includes(null)) {
        h.ask = Math.max(1, Math.min(jobs.length, MAX_ASK));
        break;
      }
      h.ask = Math.min(ask * 2, MAX_ASK);
    }
    return jobs;
  }

  async function takeOne<P>(h: Handle, queue: string, opts: ReserveOptions): Promise<ReservedJob<P> | null> {
    for (;;) {
      const token = `${opts.workerId ?? workerId}:${randomUUID()}`;
      const taken = await adopt<P>(h, queue, token, await h.worker.backend.moveToActive(token), opts);
      if (taken !== "again") return taken;
    }
  }

  /** A job moveToActive (or a fetch-next) put under `token`: ours, none due (null), or skipped ("again"). */
  async function adopt<P>(h: Handle, queue: string, token: string, next: unknown, opts: ReserveOptions): Promise<ReservedJob<P> | null | "again"> {
    const leaseMs = opts.leaseMs ?? defaultLeaseMs;
    const [data, id, , delayUntil] = (next ?? []) as [unknown, string, number, number];
    if (!data || !id) {
      if (delayUntil > 0) h.blockUntil = delayUntil;
      return null;
    }
    const job = Job.fromJSON(h.worker, data as Parameters<typeof Job.fromJSON>[1], id);
    job.token = token;
    if (job.deferredFailure) {
      // Its lease lapsed more than maxLeaseExpiries times: the stalled checker flagged it.
      await job.moveToFailed(new UnrecoverableError(job.deferredFailure), token, false);
      return "again";
    }
    if (leaseMs !== defaultLeaseMs && (await h.worker.backend.extendLock(id, token, leaseMs)) !== 1) return "again";
    leased.set(leaseKey(id, token), job);
    return toReserved<P>(job, queue, token, leaseMs);
  }

  /** BullMQ's own worker loop: moveToFinished hands back the next job under the same token (fetchNext). */
  async function completeAndReserve<P>(lease: Lease, result: unknown, opts: ReserveOptions = {}): Promise<ReservedJob<P> | null> {
    const h = await handle(lease.queue);
    const job = await leasedJob(lease);
    const next = await withLease(lease, () => job.moveToCompleted(result ?? null, lease.leaseToken, true));
    const taken = await adopt<P>(h, lease.queue, lease.leaseToken, next, opts);
    return taken === "again" ? takeOne<P>(h, lease.queue, opts) : taken;
  }

  async function leasedJob(lease: Lease): Promise<Job> {
    const h = await handle(lease.queue);
    const job = leased.get(leaseKey(lease.id, lease.leaseToken)) ?? (await Job.fromId(h.worker, lease.id));
    if (!job) throw leaseLost(lease);
    return job;
  }

  /** Runs a lease-checked BullMQ call, turning "lock missing/mismatch" into lease_lost. */
  async function withLease<T>(lease: Lease, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (isLeaseLostError(e)) throw leaseLost(lease);
      throw e;
    } finally {
      leased.delete(leaseKey(lease.id, lease.leaseToken));
    }
  }

  async function complete(lease: Lease, result?: unknown): Promise<void> {
    const job = await leasedJob(lease);
    await withLease(lease, () => job.moveToCompleted(result ?? null, lease.leaseToken, false));
  }

  async function fail(lease: Lease, error: unknown, opts: FailOptions = {}): Promise<FailOutcome> {
    const job = await leasedJob(lease);
    const retry = opts.retry !== false && job.attemptsStarted < (job.opts.attempts ?? 1);
    const message = errorMessage(error);
    const err = retry ? (error instanceof Error ? error : new Error(message)) : new UnrecoverableError(message);
    await withLease(lease, () => job.moveToFailed(err, lease.leaseToken, false));
    return retry ? "retry" : "dead";
  }

  async function extendLease(lease: Lease, leaseMs: number): Promise<Date> {
    const h = await handle(lease.queue);
    const extended = await h.worker.backend.extendLock(lease.id, lease.leaseToken, leaseMs);
    if (extended !== 1) {
      leased.delete(leaseKey(lease.id, lease.leaseToken));
      throw leaseLost(lease);
    }
    return new Date(Date.now() + leaseMs);
  }

  /**
   * BullMQ's own move back to the wait list (moveJobFromActiveToWait: checks the lock, keeps the priority, sets the
   * marker) in one MULTI after a guard that takes the start back (ats - 1) only while our lock holds, so both happen or
   * neither does. The stalled counter (lease expiries) is left alone.
   */
  async function release(lease: Lease): Promise<boolean> {
    const h = await handle(lease.queue);
    const backend = h.worker.backend as unknown as BackendInternals;
    const { keys, toKey } = backend.queue;
    const jobKey = toKey(lease.id);
    const tx = (await backend.queue.client).multi();
    tx.eval(RELEASE_GUARD, 2, `${jobKey}:lock`, jobKey, lease.leaseToken);
    tx.runCommand(`moveJobFromActiveToWait:${backend.version}`, [
      keys.active, keys.wait, keys.stalled, keys.paused, keys.meta, keys.limiter, keys.prioritized, keys.marker, keys.events,
      lease.id, lease.leaseToken, jobKey,
    ]);
    const results = await tx.exec();
    leased.delete(leaseKey(lease.id, lease.leaseToken));
    const [guardError, guard] = results?.[0] ?? [new Error("MULTI discarded"), 0];
    if (guardError) throw guardError;
    return Number(guard) === 1;
  }

  async function getJob(queue: string, id: string): Promise<JobInfo | null> {
    const h = await handle(queue);
    const job = await Job.fromId(h.queue, id);
    return job ? toInfo(h.queue, job) : null;
  }

  async function listDead(queue: string, opts: { limit?: number } = {}): Promise<JobInfo[]> {
    const h = await handle(queue);
    const jobs = (await h.queue.getFailed(0, Math.max(1, Math.min(opts.limit ?? 100, 1000)) - 1)) as Job[];
    const infos = await Promise.all(jobs.map((j) => toInfo(h.queue, j, "failed")));
    return infos.filter((i): i is JobInfo => i !== null);
  }

  async function retryDead(queue: string, id: string): Promise<boolean> {
    const h = await handle(queue);
    const job = await Job.fromId(h.queue, id);
    if (!job || (await job.getState()) !== "failed") return false;
    await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  async function stats(queue: string): Promise<QueueStats> {
    const h = await handle(queue);
    const c = await h.queue.getJobCounts("waiting", "prioritized", "waiting-children", "delayed", "active", "completed", "failed");
    const n = (k: string) => Number(c[k] ?? 0);
    return {
      waiting: n("waiting") + n("prioritized") + n("waiting-children"),
      delayed: n("delayed"),
      active: n("active"),
      completed: n("completed"),
      dead: n("failed"),
    };
  }

  /** the oldest job in the wait list (a delayed job is due at its timestamp + delay); prioritized jobs are not looked at */
  async function oldestWaiting(queue: string): Promise<Date | null> {
    const h = await handle(queue);
    const [job] = await h.queue.getJobs(["wait"], 0, 0, true);
    return job ? new Date(job.timestamp + (job.delay ?? 0)) : null;
  }

  async function waitForWork(queue: string, signal?: AbortSignal): Promise<void> {
    let h: Handle;
    try {
      h = await handle(queue);
    } catch (e) {
      if (closer.signal.aborted) return; // close() ends pending waits
      throw e;
    }
    const stop = signal ? AbortSignal.any([signal, closer.signal]) : closer.signal;
    await waitForMarker(h, stop, idleRecheckMs);
  }

  async function close(): Promise<void> {
    if (closer.signal.aborted) return;
    closer.abort();
    // A graceful close waits on Redis (handles still waiting to be ready included); with Redis
    // unreachable it would never return, so drop everything without waiting.
    if (connection.status !== "ready") {
      for (const r of created) void r.disconnect().catch(() => undefined);
      if (ownsConnection) for (const c of [connection, producer]) c.disconnect();
      leased.clear();
      return;
    }
    const all = await Promise.allSettled([...handles.values()]);
    for (const r of all) {
      if (r.status !== "fulfilled") continue;
      await r.value.worker.close(true);
      await r.value.queue.close();
    }
    leased.clear();
    if (ownsConnection) await Promise.all([connection, producer].map(closeConnection));
  }

  return {
    kind: "bullmq",
    enqueue,
    reserve,
    reserveMany,
    complete,
    completeAndReserve,
    fail,
    extendLease,
    release,
    waitForWork,
    getJob,
    listDead,
    retryDead,
    stats,
    oldestWaiting,
    async ping() {
      // Commands queue while Redis is away; readiness must answer anyway.
      const timeout = new Promise<string>((resolve) => setTimeout(resolve, PING_TIMEOUT_MS, "timeout").unref());
      try {
        return (await Promise.race([producer.ping(), timeout])) === "PONG";
      } catch {
        return false;
      }
    },
    close,
  };
}

/** quit() when the link is up; with Redis unreachable a quit would wait on a command that cannot be sent. */
async function closeConnection(c: { status: string; quit(): Promise<unknown>; disconnect(): void }): Promise<void> {
  if (c.status === "ready") {
    try {
      await c.quit();
      return;
    } catch {
      /* fall through to a hard disconnect */
    }
  }
  c.disconnect();
}
