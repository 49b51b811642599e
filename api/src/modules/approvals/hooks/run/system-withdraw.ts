import type { ApprovalsDeps } from "../../approvals.deps.ts";
import { deliver, finish, withInstance } from "../../engine/index.ts";

/**
 * Withdraws a pending instance for the system (the flow run gating on it was cancelled): the same
 * end as the initiator's withdraw, with `comment` on the timeline and no actor; an instance that
 * already ended is left as it is.
 */
export async function withdrawBySystem(deps: ApprovalsDeps, instanceId: string, comment: string): Promise<void> {
  const { run } = await withInstance(deps, instanceId, null, async (r) => {
    if (r.inst.status === "pending") await finish(r, "withdrawn", comment);
  });
  await deliver(deps, instanceId, run.notices);
}
