import type { UserActor } from "@ops/shared";
import type { ApprovalInstance, TaskBox } from "@ops/shared/contracts/approvals.ts";
import type { ApprovalsDeps } from "./approvals.deps.ts";
import { createDefinitions } from "./definitions/index.ts";
import { runHooks, withdrawBySystem } from "./hooks/run/index.ts";
import { createDelegations } from "./delegation/index.ts";
import { resumeParent } from "./engine/index.ts";
import { createInstances } from "./instances/index.ts";
import { createTimeouts } from "./timeouts/index.ts";
import { boxCounts, listBox } from "./tasks/index.ts";
import { createTaskActions } from "./tasks/index.ts";

/**
 * Approvals: versioned definitions (nodes, edges, a form), instances that walk them, and the tasks
 * people decide. Every change of an instance happens in one transaction holding its row; notices
 * (notify) and chat card refreshes follow the commit.
 */
export function createApprovals(base: ApprovalsDeps) {
  // an instance that ended runs its internal hooks, then tells whoever listens (flows' approval gates)
  const endListeners = new Set<(inst: ApprovalInstance) => Promise<void>>();
  const deps: ApprovalsDeps = {
    ...base,
    async ended(inst) {
      // a subprocess's child: its parent's node is decided first (the parent may end too, and runs its own end)
      await resumeParent(deps, inst).catch((e) => deps.logger?.warn("approval subprocess resume failed", { instance_id: inst.id, err: e }));
      await runHooks(deps, inst).catch((e) => deps.logger?.warn("approval hooks failed", { instance_id: inst.id, err: e }));
      for (const fn of endListeners) await fn(inst).catch((e) => deps.logger?.warn("approval end listener failed", { instance_id: inst.id, err: e }));
    },
  };
  return {
    deps,
    definitions: createDefinitions(deps),
    instances: createInstances(deps),
    delegations: createDelegations(deps),
    /** node timeouts: `sweep()`, started every minute on the scheduler role (main.ts) */
    timeouts: createTimeouts(deps),
    tasks: createTaskActions(deps),
    listTasks: (actor: UserActor, q: { box: TaskBox; page: number; page_size: number; sort?: string; q?: string; definition?: string }) => listBox(deps.db, actor, q),
    counts: (userId: string) => boxCounts(deps.db, userId),
    /** `fn(instance)` after the commit that ended an instance (approved, rejected, withdrawn), once its hooks started. */
    onEnded(fn: (inst: ApprovalInstance) => Promise<void>): () => void {
      endListeners.add(fn);
      return () => endListeners.delete(fn);
    },
    /** Withdraws a pending instance for the system (a flow run gating on it was cancelled). */
    withdrawBySystem: (instanceId: string, comment: string) => withdrawBySystem(deps, instanceId, comment),
  };
}

export type Approvals = ReturnType<typeof createApprovals>;
