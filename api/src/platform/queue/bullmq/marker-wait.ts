import type { Worker } from "bullmq";

/**
 * Waiting for work the way BullMQ's own workers do: a BZPOPMIN on the queue's marker set, on
 * the Worker's dedicated blocking connection (`backend.waitForJob`). A marker scored 0 (or in the
 * past) means a job is waiting; a future score is the due time of the next delayed job, which
 * then bounds the next block. One blocking call per queue is shared by every waiter; a marker
 * popped while nobody listens is remembered, so the wake-up it carries is not lost.
 */
export type MarkerState = {
  worker: Worker;
  /** Due time (ms) of the next delayed job as last learned, 0 when none known. */
  blockUntil: number;
  /** A marker was popped that no waiter has consumed yet. */
  woken: boolean;
  pending: Promise<void> | null;
};

const DEFAULT_MAX_BLOCK_S = 10;
const ERROR_PAUSE_MS = 200;

export async function waitForMarker(state: MarkerState, stop: AbortSignal, idleRecheckMs: number): Promise<void> {
  if (stop.aborted) return;
  const deadline = Date.now() + idleRecheckMs;
  for (;;) {
    if (state.woken) {
      state.woken = false;
      return;
    }
    if (state.blockUntil && state.blockUntil <= Date.now()) {
      state.blockUntil = 0;
      return;
    }
    if (stop.aborted || Date.now() >= deadline) return;
    state.pending ??= blockOnce(state, deadline).finally(() => (state.pending = null));
    await untilAborted(state.pending, stop);
  }
}

async function blockOnce(state: MarkerState, deadline: number): Promise<void> {
  const { backend } = state.worker;
  const until = state.blockUntil ? Math.min(state.blockUntil, deadline) : deadline;
  const maxSeconds = backend.maximumBlockTimeout ?? DEFAULT_MAX_BLOCK_S;
  const seconds = Math.min(Math.max((until - Date.now()) / 1000, backend.minimumBlockTimeout), maxSeconds);
  let marker: { member: string; score: number } | null;
  try {
    marker = await backend.waitForJob(seconds);
  } catch {
    // The blocking connection was closed (driver closing) or dropped: BullMQ reconnects it; pause
    // briefly so a connection that keeps failing does not spin this loop.
    await new Promise((resolve) => setTimeout(resolve, ERROR_PAUSE_MS));
    return;
  }
  if (!marker) return;
  if (marker.score <= Date.now()) state.woken = true;
  else state.blockUntil = state.blockUntil ? Math.min(state.blockUntil, marker.score) : marker.score;
}

function untilAborted(work: Promise<void>, stop: AbortSignal): Promise<void> {
  if (stop.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      stop.removeEventListener("abort", done);
      resolve();
    };
    stop.addEventListener("abort", done, { once: true });
    void work.then(done, done);
  });
}
