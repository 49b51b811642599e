import type { Db } from "../../db/db.ts";
import { addMs, iso, systemClock, type Clock } from "../../clock.ts";
import { newId, randomToken } from "../../crypto.ts";
import {
  DEFAULT_KEEP_COMPLETED_MS, DEFAULT_KEEP_DEAD_MS, DEFAULT_LEASE_MS, DEFAULT_MAX_LEASE_EXPIRIES, MAX_BATCH_RESERVE,
  QueueError, normalizeEnqueue,
  type DriverTuning, type EnqueueOptions, type JobInfo, type QueueDriver, type QueueStats, type ReserveOptions, type ReservedJob,
} from "../driver.ts";
import { JOB_COLUMNS, reserveManySql, toInfo, toReserved, type JobRow, type ReservedRow } from "./job-rows.ts";
import { completionBatcher } from "./completions.ts";
import { buryReserved, extendJobLease, failJob, releaseJob, retryDeadJob, type LeaseContext } from "./lease-ops.ts";
import { QUEUE_CHANNEL, notifierFor, payloadFor } from "./notifier.ts";

/**
 * The embedded driver keeps its jobs in the app's Store (table queue_jobs, migration 006) rather
 * than in a bun:sqlite file of its own: one file to back up, no second write lock to juggle, the
 * same code on PostgreSQL (a split deployment without Redis still gets a correct, if slower,
 * queue: SKIP LOCKED reservations), and jobs inspectable with the rest of the data. An enqueue
 * issued inside a Store transaction joins it; waiters are woken after the commit.
 */
export type EmbeddedDriverOptions = DriverTuning & {
  db: Db;
  clock?: Clock;
  workerId?: string;
  /** The wait's timer (tests spy on it); default setTimeout. */
  timers?: WaitTimers;
};

export type WaitTimers = { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };

/**
 * Every enqueue wakes the waiters (in this process at once, other processes on PostgreSQL through
 * NOTIFY) and the next due time bounds each wait, so the re-check is only a safety net: an idle
 * server does no work at all between re-checks. SQLite has no cross-process signal: a second
 * process on the same file (OPS_ROLES split on one host) hears another's enqueues at the re-check.
 */
export const EMBEDDED_IDLE_RECHECK_MS = { postgres: 300_000, sqlite: 60_000 } as const;

const defaultTimers: WaitTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type EmbeddedQueueDriver = QueueDriver & {
  /** Wakes this process's waiters to re-check now (a clock moved by hand, a signal from elsewhere). */
  nudge(): void;
};

const PRUNE_EVERY_MS = 60_000;

/** A reserved batch in port order: lower priority numbers first, FIFO within a priority. */
const byUrgency = (a: ReservedRow, b: ReservedRow) => Number(a.priority) - Number(b.priority) || Number(a.seq) - Number(b.seq);
const MAX_TIMER_MS = 2_147_483_647;

export function createEmbeddedDriver(options: EmbeddedDriverOptions): EmbeddedQueueDriver {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  const idleRecheckMs = Math.min(options.idleRecheckMs ?? EMBEDDED_IDLE_RECHECK_MS[db.dialect], MAX_TIMER_MS);
  const timers = options.timers ?? defaultTimers;
  const maxLeaseExpiries = options.maxLeaseExpiries ?? DEFAULT_MAX_LEASE_EXPIRIES;
  const notifier = notifierFor(db);
  const closer = new AbortController();
  const lastPrune = new Map<string, number>();
  const wakeHere = (queue: string) => (db.inTx() ? db.afterCommit(() => notifier.wake(queue)) : notifier.wake(queue));
  const ctx: LeaseContext = { db, clock, wake: (queue) => notifier.publish(queue) };
  const completions = completionBatcher(ctx);
  // PostgreSQL: the enqueue statement itself sends the NOTIFY (no extra round trip on the ack path), unless one
  // went out for the queue within the notifier's window: then a trailing one covers it (notifier.ts).
  const carrying = (insert: string) => `WITH ins AS (${insert}) SELECT id, pg_notify(?, ?) AS n FROM ins`;
  const open = () => {
    if (closer.signal.aborted) throw new QueueError("queue.closed", "the embedded queue driver is closed");
  };

  async function enqueue<P>(queue: string, name: string, payload: P, opts: EnqueueOptions = {}): Promise<string> {
    open();
    const now = clock.now();
    const o = normalizeEnqueue(queue, name, opts, now);
    const id = newId();
    const onConflict = o.idempotencyKey === undefined ? "" : " ON CONFLICT (queue, idempotency_key) DO NOTHING";
    // RETURNING says in one statement whether this call created the job (the common case on the ack path).
    const carry = notifier.carry(queue);
    const insert = `INSERT INTO queue_jobs (id, queue, name, payload, state, priority, due_at, max_attempts, backoff_type, backoff_ms,
          idempotency_key, created_at)
        VALUES (?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?)${onConflict} RETURNING id`;
    const created = await db.all<{ id: string }>(
      carry ? carrying(insert) : insert,
      [id, queue, name, JSON.stringify(payload ?? null), o.priority, iso(addMs(now, o.delayMs)), o.attempts,
        o.backoff?.type ?? null, o.backoff?.delayMs ?? 0, o.idempotencyKey ?? null, iso(now),
        ...(carry ? [QUEUE_CHANNEL, payloadFor(queue, notifier.id)] : [])],
    );
    if (created.length > 0) {
      wakeHere(queue);
      if (!carry) notifier.announce(queue);
      return id;
    }
    const row = await db.get<{ id: string }>("SELECT id FROM queue_jobs WHERE queue = ? AND idempotency_key = ?", [queue, o.idempotencyKey]);
    if (!row) throw new Error(`queue_jobs lost the row of idempotency key ${o.idempotencyKey}`);
    return row.id;
  }

  async function reserve<P>(queue: string, opts: ReserveOptions = {}): Promise<ReservedJob<P> | null> {
    return (await reserveMany<P>(queue, 1, opts))[0] ?? null;
  }

  async function reserveMany<P>(queue: string, max: number, opts: ReserveOptions = {}): Promise<ReservedJob<P>[]> {
    open();
    const n = Math.min(Math.floor(max), MAX_BATCH_RESERVE);
    if (!(n >= 1)) return [];
    const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    const sql = reserveManySql(db.dialect);
    const workerId = opts.workerId ?? options.workerId ?? null;
    // A pass whose every job ran out its lease too often buries them and takes the next ones.
    for (;;) {
      const at = clock.now();
      const now = iso(at);
      const rows = await db.all<ReservedRow>(sql, [queue, now, n, queue, now, n, n, `${randomToken(18)}.`, workerId,
        iso(addMs(at, leaseMs)), now, now]);
      const jobs: ReservedJob<P>[] = [];
      for (const row of rows.sort(byUrgency)) {
        const job = toReserved<P>(row);
        if (Number(row.lease_expiries) <= maxLeaseExpiries) jobs.push(job);
        else await buryReserved(ctx, job, `lease expired ${row.lease_expiries} times (the worker died or hung)`);
      }
      if (jobs.length > 0 || rows.length === 0) return jobs;
    }
  }

  async function waitForWork(queue: string, signal?: AbortSignal): Promise<void> {
    open();
    const stop = signal ? AbortSignal.any([signal, closer.signal]) : closer.signal;
    if (stop.aborted) return;
    // Other processes' wake-ups are heard from here on (once: the LISTEN at the first wait).
    await notifier.ready;
    const sub = notifier.subscribe(queue);
    let timer: unknown;
    let onAbort = () => {};
    try {
      const row = await db.get<{ next: string | null }>(
        "SELECT MIN(due_at) AS next FROM queue_jobs WHERE queue = ? AND state IN ('waiting', 'active')",
        [queue],
      );
      const untilDue = row?.next ? new Date(row.next).getTime() - clock.now().getTime() : Infinity;
      if (untilDue <= 0 || stop.aborted) return;
      await new Promise<void>((resolve) => {
        timer = timers.set(resolve, Math.min(untilDue, idleRecheckMs));
        onAbort = resolve;
        stop.addEventListener("abort", onAbort, { once: true });
        void sub.woken.then(resolve);
      });
    } finally {
      sub.cancel();
      if (timer !== undefined) timers.clear(timer);
      stop.removeEventListener("abort", onAbort);
    }
  }

  async function complete(lease: Parameters<QueueDriver["complete"]>[0], result?: unknown): Promise<void> {
    open();
    await completions.complete(lease, result);
    await prune(lease.queue);
  }

  /** Retention, at most once a minute per queue, piggybacking on completions. */
  async function prune(queue: string): Promise<void> {
    const now = clock.now();
    if (now.getTime() - (lastPrune.get(queue) ?? 0) < PRUNE_EVERY_MS) return;
    lastPrune.set(queue, now.getTime());
    const keepCompleted = options.keepCompletedMs ?? DEFAULT_KEEP_COMPLETED_MS;
    const keepDead = options.keepDeadMs ?? DEFAULT_KEEP_DEAD_MS;
    await db.run("DELETE FROM queue_jobs WHERE queue = ? AND state = 'completed' AND due_at < ?", [queue, iso(addMs(now, -keepCompleted))]);
    await db.run("DELETE FROM queue_jobs WHERE queue = ? AND state = 'dead' AND due_at < ?", [queue, iso(addMs(now, -keepDead))]);
  }

  async function getJob(queue: string, id: string): Promise<JobInfo | null> {
    open();
    const row = await db.get<JobRow>(`SELECT ${JOB_COLUMNS} FROM queue_jobs WHERE id = ? AND queue = ?`, [id, queue]);
    return row ? toInfo(row, clock.now()) : null;
  }

  async function listDead(queue: string, opts: { limit?: number } = {}): Promise<JobInfo[]> {
    open();
    const rows = await db.all<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM queue_jobs WHERE queue = ? AND state = 'dead' ORDER BY due_at DESC, seq DESC LIMIT ?`,
      [queue, Math.max(1, Math.min(opts.limit ?? 100, 1000))],
    );
    const now = clock.now();
    return rows.map((r) => toInfo(r, now));
  }

  async function stats(queue: string): Promise<QueueStats> {
    open();
    const rows = await db.all<{ state: string; later: number; n: number }>(
      `SELECT state, CASE WHEN state = 'waiting' AND due_at > ? THEN 1 ELSE 0 END AS later, CAST(COUNT(*) AS INTEGER) AS n
        FROM queue_jobs WHERE queue = ? GROUP BY 1, 2`,
      [iso(clock.now()), queue],
    );
    const out: QueueStats = { waiting: 0, delayed: 0, active: 0, completed: 0, dead: 0 };
    for (const r of rows) {
      const key = r.state === "waiting" && Number(r.later) === 1 ? "delayed" : (r.state as keyof QueueStats);
      if (key in out) out[key] += Number(r.n);
    }
    return out;
  }

  async function oldestWaiting(queue: string): Promise<Date | null> {
    open();
    const row = await db.get<{ due: string | null }>(
      "SELECT MIN(due_at) AS due FROM queue_jobs WHERE queue = ? AND state = 'waiting' AND due_at <= ?",
      [queue, iso(clock.now())],
    );
    return row?.due ? new Date(row.due) : null;
  }

  return {
    kind: "embedded",
    enqueue,
    reserve,
    reserveMany,
    complete,
    fail: async (lease, error, opts = {}) => (open(), failJob(ctx, lease, error, opts)),
    extendLease: async (lease, leaseMs) => (open(), extendJobLease(ctx, lease, leaseMs)),
    release: async (lease) => (open(), releaseJob(ctx, lease)),
    waitForWork,
    getJob,
    listDead,
    retryDead: async (queue, id) => (open(), retryDeadJob(ctx, queue, id)),
    stats,
    oldestWaiting,
    ping: () => db.ping(),
    nudge: () => notifier.wake(),
    async close() {
      closer.abort();
      // Peers must hear of the last changes (a drain's hand-backs) before the Store goes away.
      await notifier.flush();
    },
  };
}
