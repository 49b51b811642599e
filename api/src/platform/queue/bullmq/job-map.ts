import type { Job, JobState as BullState, Queue } from "bullmq";
import { sha256 } from "../../crypto.ts";
import { QueueError, type JobInfo, type JobState, type Lease, type ReservedJob } from "../driver.ts";

/** Lua error codes BullMQ returns when the token no longer holds the job (finished-errors.ts). */
const LEASE_LOST_CODES = new Set([-1, -2, -3, -6]);

export const leaseLost = (lease: Lease) =>
  new QueueError("queue.lease_lost", `job ${lease.id} on ${lease.queue} is no longer held by this lease`);

export function isLeaseLostError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "number" && LEASE_LOST_CODES.has(code);
}

/**
 * BullMQ job ids may not contain ':' and an existing id makes `add` a no-op that returns the
 * existing job, exactly the idempotency the port promises; so a key maps to a hash-derived id.
 */
export const idempotentJobId = (key: string) => `key-${sha256(key)}`;

export function toReserved<P>(job: Job, queue: string, token: string, leaseMs: number): ReservedJob<P> {
  return {
    queue,
    id: job.id ?? "",
    leaseToken: token,
    name: job.name,
    payload: job.data as P,
    attempt: job.attemptsStarted,
    maxAttempts: job.opts.attempts ?? 1,
    enqueuedAt: new Date(job.timestamp),
    leaseExpiresAt: new Date(Date.now() + leaseMs),
  };
}

const STATES: Partial<Record<BullState | "unknown", JobState>> = {
  waiting: "waiting",
  prioritized: "waiting",
  "waiting-children": "waiting",
  delayed: "delayed",
  active: "active",
  completed: "completed",
  failed: "dead",
};

/** BullMQ scores delayed jobs as `due ms * 0x1000 + order` (getDelayedScore.lua). */
async function delayedUntil(queue: Queue, id: string): Promise<Date | null> {
  const client = await queue.backend.client;
  const score = await client.zscore(queue.keys.delayed ?? queue.toKey("delayed"), id);
  return score === null ? null : new Date(Math.floor(Number(score) / 0x1000));
}

export async function toInfo(queue: Queue, job: Job, bullState?: string): Promise<JobInfo | null> {
  const state = STATES[(bullState ?? (await job.getState())) as BullState];
  if (!state) return null;
  const id = job.id ?? "";
  let runAt: Date | null = null;
  if (state === "delayed") runAt = await delayedUntil(queue, id);
  else if (state === "waiting") runAt = new Date(job.timestamp + (job.delay || 0));
  return {
    id,
    queue: queue.name,
    name: job.name,
    payload: job.data,
    state,
    attempt: job.attemptsStarted,
    maxAttempts: job.opts.attempts ?? 1,
    priority: job.opts.priority ?? 0,
    enqueuedAt: new Date(job.timestamp),
    runAt,
    finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    result: job.returnvalue ?? null,
    error: job.failedReason || null,
  };
}
