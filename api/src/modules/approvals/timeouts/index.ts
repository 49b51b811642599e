/** Node timeouts: the sweep that reminds, decides or escalates pending tasks past their node's timeout. */
import { startPeriodic } from "../../../platform/periodic.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { resumeStrandedParents } from "./stranded-children.ts";
import { createTimeoutSweep } from "./sweep.ts";

export type { SweepResult } from "./sweep.ts";

/**
 * `sweep` (one pass over due tasks), `resumeStranded` (parents a crash left waiting on an ended child),
 * `start({scheduler})` both every minute on the scheduler role, `stop`.
 */
export function createTimeouts(deps: ApprovalsDeps) {
  const sweep = createTimeoutSweep(deps);
  const resumeStranded = () => resumeStrandedParents(deps);
  let stopTimer: (() => void) | null = null;
  return {
    sweep,
    resumeStranded,
    start(opts: { scheduler: boolean }) {
      if (opts.scheduler && !stopTimer) stopTimer = startPeriodic(async () => {
        await sweep();
        await resumeStranded();
      }, (e) => deps.logger?.error("approval timeout sweep failed", { err: e }));
    },
    stop() {
      stopTimer?.();
      stopTimer = null;
    },
  };
}
