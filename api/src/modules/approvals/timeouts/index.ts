/** Node timeouts: the sweep that reminds, decides or escalates pending tasks past their node's timeout. */
import { startPeriodic } from "../../../platform/periodic.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { createTimeoutSweep } from "./sweep.ts";

export type { SweepResult } from "./sweep.ts";

/** `sweep` (one pass), `start({scheduler})` every minute on the scheduler role, `stop`. */
export function createTimeouts(deps: ApprovalsDeps) {
  const sweep = createTimeoutSweep(deps);
  let stopTimer: (() => void) | null = null;
  return {
    sweep,
    start(opts: { scheduler: boolean }) {
      if (opts.scheduler && !stopTimer) stopTimer = startPeriodic(sweep, (e) => deps.logger?.error("approval timeout sweep failed", { err: e }));
    },
    stop() {
      stopTimer?.();
      stopTimer = null;
    },
  };
}
