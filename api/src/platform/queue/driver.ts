/**
 * The queue port. Producers (notify, the job scheduler, report rendering) enqueue named jobs on a
 * queue; workers reserve them under a lease, then complete or fail them. Two drivers implement it:
 * the embedded one (jobs in the Store: SQLite by default, PostgreSQL too) and BullMQ on Redis.
 *
 * Semantics every driver keeps (driver.contract.ts checks them):
 * - Delivery is at least once. A reservation holds a lease; a lease that runs out before
 *   complete/fail makes the job reservable again with `attempt + 1` (a dead worker's jobs are
 *   picked up again). A job whose lease ran out more than `maxLeaseExpiries` times is
 *   dead-lettered instead (a job that kills its worker must not kill every worker).
 * - complete/fail/extendLease need the live lease: after expiry or re-reservation they throw
 *   `QueueError("queue.lease_lost")` and change nothing.
 * - Order: lower `priority` first (0, the default, before 1, 2, ...), FIFO within a priority.
 * - `attempts` caps how often a job is started; a failure before the cap is retried after its
 *   backoff, a failure at the cap (or with `retry: false`) dead-letters the job: kept, listable,
 *   retryable by hand.
 * - An idempotency key names at most one job per queue while that job exists (waiting, running,
 *   finished or dead, until retention removes it): enqueueing the key again returns that job's id.
 *   Schedulers use `cron:<job>:<occurrence ISO>` so each occurrence is created once however many
 *   schedulers run.
 * - `waitForWork` blocks without polling: it resolves when an enqueue on this driver instance (or,
 *   for BullMQ, anywhere) may have made work available, when the next delayed job or lease falls
 *   due, when the signal aborts or the driver closes, and at the latest after `idleRecheckMs`
 *   (a safety net for producers it cannot hear, e.g. another process on the same database).
 *   Wake-ups may be spurious: callers reserve, and wait again when that returns null.
 *
 * Transactions: enqueue from a Store transaction through `db.afterCommit(() => queue.enqueue(...))`
 * so a rolled-back change enqueues nothing on either driver.
 */
export type BackoffType = "fixed" | "exponential";

/** fixed: `delayMs` after every failure; exponential: `delayMs * 2^(n-1)` after the n-th failure. */
export type Backoff = { type: BackoffType; delayMs: number };

export type EnqueueOptions = {
  /** Not reservable before now + delayMs. */
  delayMs?: number;
  /** Not reservable before this instant (wins over delayMs). */
  runAt?: Date;
  /** 0 (default) runs first, then 1, 2, ... up to MAX_PRIORITY. */
  priority?: number;
  /** How many times the job may be started (default 1: no retry). */
  attempts?: number;
  backoff?: Backoff;
  /** At most one job per key and queue while it exists; the same id is returned. */
  idempotencyKey?: string;
};

export type ReserveOptions = {
  /** How long the reservation holds before the job is handed out again (default DEFAULT_LEASE_MS). */
  leaseMs?: number;
  /** Who holds the lease, for diagnostics. */
  workerId?: string;
};

/** What complete/fail/extendLease need: the job and the token of the reservation that holds it. */
export type Lease = { queue: string; id: string; leaseToken: string };

export type ReservedJob<P = unknown> = Lease & {
  name: string;
  payload: P;
  /** 1 on the first start, +1 on every retry or lease expiry. */
  attempt: number;
  maxAttempts: number;
  enqueuedAt: Date;
  leaseExpiresAt: Date;
};

export type JobState = "waiting" | "delayed" | "active" | "completed" | "dead";

export type JobInfo = {
  id: string;
  queue: string;
  name: string;
  payload: unknown;
  state: JobState;
  /** Starts so far. */
  attempt: number;
  maxAttempts: number;
  priority: number;
  enqueuedAt: Date;
  /** When a waiting or delayed job becomes reservable. */
  runAt: Date | null;
  finishedAt: Date | null;
  result: unknown;
  /** The last failure's message. */
  error: string | null;
};

export type QueueStats = { waiting: number; delayed: number; active: number; completed: number; dead: number };

export type FailOptions = {
  /** false: dead-letter now whatever attempts remain (a permanent error). Default true. */
  retry?: boolean;
};

/** What became of a failed job. */
export type FailOutcome = "retry" | "dead";

export interface QueueDriver {
  readonly kind: "embedded" | "bullmq";
  /** Returns the job id; with an idempotency key that already names a job, that job's id. */
  enqueue<P>(queue: string, name: string, payload: P, options?: EnqueueOptions): Promise<string>;
  /** The next due job under a fresh lease, or null when none is due. Never blocks. */
  reserve<P = unknown>(queue: string, options?: ReserveOptions): Promise<ReservedJob<P> | null>;
  /**
   * Up to `max` due jobs, each under a lease of its own, taken in one backend round trip where the backend allows
   * (the worker fills its free slots with it): the most urgent due jobs (priority, then due time, then FIFO), listed
   * lower priority numbers first; [] when none is due. Concurrent callers never get the same job. Never blocks.
   * `max` is cut to MAX_BATCH_RESERVE.
   */
  reserveMany<P = unknown>(queue: string, max: number, options?: ReserveOptions): Promise<ReservedJob<P>[]>;
  complete(lease: Lease, result?: unknown): Promise<void>;
  /**
   * Optional: complete() and take the next due job in the same round trip (BullMQ's fetch-next: the job's slot is
   * refilled without a reservation of its own). Same lease checks as complete(); null when nothing is due.
   */
  completeAndReserve?<P = unknown>(lease: Lease, result: unknown, options?: ReserveOptions): Promise<ReservedJob<P> | null>;
  fail(lease: Lease, error: unknown, options?: FailOptions): Promise<FailOutcome>;
  /** Moves the lease's end to now + leaseMs; returns the new end. */
  extendLease(lease: Lease, leaseMs: number): Promise<Date>;
  /**
   * Hands the job back (a graceful shutdown): waiting again and due now (so any worker, here or in another process,
   * takes it at once), this start not counted as an attempt, its lease expiries unchanged. false when the lease was
   * already lost (the job is someone else's now); nothing changes then.
   */
  release(lease: Lease): Promise<boolean>;
  waitForWork(queue: string, signal?: AbortSignal): Promise<void>;
  getJob(queue: string, id: string): Promise<JobInfo | null>;
  /** Dead-lettered jobs, most recent first. */
  listDead(queue: string, options?: { limit?: number }): Promise<JobInfo[]>;
  /** Puts a dead job back to waiting with fresh attempts; false when it is not dead. */
  retryDead(queue: string, id: string): Promise<boolean>;
  stats(queue: string): Promise<QueueStats>;
  /** When the oldest job due and not yet taken became due (null: none); optional (queue lag on the monitor). */
  oldestWaiting?(queue: string): Promise<Date | null>;
  /** Backend reachable (for /readyz). */
  ping(): Promise<boolean>;
  /** Stops timers and blocking waits (pending waitForWork calls resolve) and releases connections. */
  close(): Promise<void>;
}

/** Options both drivers take. */
export type DriverTuning = {
  /** Longest waitForWork blocks without any signal (default: BullMQ 10 s; embedded 5 min on PostgreSQL, 1 min on SQLite: it hears every enqueue). */
  idleRecheckMs?: number;
  /** Lease expiries tolerated before the job is dead-lettered (default 1, BullMQ's maxStalledCount). */
  maxLeaseExpiries?: number;
  /** How long completed jobs (and so their idempotency keys) are kept (default 24 h). */
  keepCompletedMs?: number;
  /** How long dead-lettered jobs are kept (default 30 days). */
  keepDeadMs?: number;
};

export type QueueErrorCode = "queue.lease_lost" | "queue.closed" | "queue.invalid_option" | "queue.handed_back";

/** Raised by drivers; `code` says why. Never shown to users: workers log it and move on. */
export class QueueError extends Error {
  readonly code: QueueErrorCode;
  constructor(code: QueueErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = "QueueError";
    this.code = code;
  }
}

export const isLeaseLost = (e: unknown): boolean => e instanceof QueueError && e.code === "queue.lease_lost";

export const DEFAULT_LEASE_MS = 30_000;
/** The most jobs one reserveMany takes (a larger max is cut to this). */
export const MAX_BATCH_RESERVE = 1_000;
export const DEFAULT_IDLE_RECHECK_MS = 10_000;
export const DEFAULT_MAX_LEASE_EXPIRIES = 1;
export const DEFAULT_KEEP_COMPLETED_MS = 24 * 3600_000;
export const DEFAULT_KEEP_DEAD_MS = 30 * 24 * 3600_000;
/** BullMQ's highest priority number (2^21); the embedded driver keeps the same range. */
export const MAX_PRIORITY = 2_097_152;

/** Delay before the retry that follows the n-th failure (n >= 1). */
export function backoffDelay(backoff: Backoff | undefined, failures: number): number {
  if (!backoff || backoff.delayMs <= 0) return 0;
  return backoff.type === "exponential" ? backoff.delayMs * 2 ** Math.max(0, failures - 1) : backoff.delayMs;
}

/** The normalised options of one enqueue; both drivers validate through here. */
export type NormalizedEnqueue = {
  delayMs: number;
  priority: number;
  attempts: number;
  backoff: Backoff | undefined;
  idempotencyKey: string | undefined;
};

export function normalizeEnqueue(queue: string, name: string, options: EnqueueOptions, now: Date): NormalizedEnqueue {
  const invalid = (what: string) => new QueueError("queue.invalid_option", what);
  if (!/^[\w.-]{1,100}$/.test(queue)) throw invalid(`queue name "${queue}" (letters, digits, _ . - only)`);
  if (!name || name.length > 200) throw invalid("job name must be 1-200 characters");
  const priority = options.priority ?? 0;
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) throw invalid(`priority ${priority}`);
  const attempts = options.attempts ?? 1;
  if (!Number.isInteger(attempts) || attempts < 1) throw invalid(`attempts ${attempts}`);
  if (options.backoff && !(options.backoff.delayMs >= 0)) throw invalid("backoff.delayMs");
  const delayMs = options.runAt ? options.runAt.getTime() - now.getTime() : (options.delayMs ?? 0);
  if (!Number.isFinite(delayMs)) throw invalid("delayMs/runAt");
  const key = options.idempotencyKey;
  if (key !== undefined && (key.length === 0 || key.length > 500)) throw invalid("idempotencyKey must be 1-500 characters");
  return { delayMs: Math.max(0, Math.round(delayMs)), priority, attempts, backoff: options.backoff, idempotencyKey: key };
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
}
