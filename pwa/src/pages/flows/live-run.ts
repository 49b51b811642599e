import { FINAL_FLOW_RUN_STATUSES } from "@ops/shared/contracts/flows.ts";
import { createSignal, onCleanup } from "solid-js";
import { flowRunsApi, type FlowRun } from "../../data/flows.ts";

const POLL_MS = 1000;
const POLL_AFTER_ERROR_MS = 5000;

export const isFinalRun = (r: FlowRun): boolean => FINAL_FLOW_RUN_STATUSES.includes(r.status);

/**
 * A flow run that follows itself: read every second while it is not over (one request in flight at
 * a time), then stop. A failed read after the first one keeps what is shown and tries again later;
 * `put` takes the answer of an action (cancel, continue, retry) at once; a run that is moving again
 * (a retry of an ended one) is followed again.
 */
export function createLiveRun(runId: string) {
  const [run, setRun] = createSignal<FlowRun | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  /** a read is in flight or scheduled */
  let following = false;
  const tick = async () => {
    following = true;
    let wait = POLL_MS;
    try {
      const r = await flowRunsApi.get(runId);
      if (stopped) return;
      setRun(r);
      setError(null);
      if (isFinalRun(r)) return void (following = false);
    } catch (e) {
      if (!run()) return void ((following = false), setError(e));
      wait = POLL_AFTER_ERROR_MS;
    }
    if (!stopped) timer = setTimeout(() => void tick(), wait);
  };
  void tick();
  onCleanup(() => {
    stopped = true;
    clearTimeout(timer);
  });
  return {
    run,
    error,
    put: (r: FlowRun) => {
      setRun(r);
      if (!isFinalRun(r) && !following && !stopped) timer = setTimeout(() => void tick(), POLL_MS);
    },
    retry: () => {
      setError(null);
      void tick();
    },
  };
}
