import type { UserActor } from "@ops/shared";
import type { TaskBox } from "@ops/shared/contracts/approvals.ts";
import type { ApprovalsDeps } from "./approvals.deps.ts";
import { createDefinitions } from "./definitions/index.ts";
import { createDelegations } from "./delegation/index.ts";
import { createInstances } from "./instances/index.ts";
import { createTimeouts } from "./timeouts/index.ts";
import { boxCounts, listBox } from "./tasks/index.ts";
import { createTaskActions } from "./tasks/index.ts";

/**
 * Approvals: versioned definitions (nodes, edges, a form), instances that walk them, and the tasks
 * people decide. Every change of an instance happens in one transaction holding its row; notices
 * (notify) and chat card refreshes follow the commit.
 */
export function createApprovals(deps: ApprovalsDeps) {
  return {
    deps,
    definitions: createDefinitions(deps),
    instances: createInstances(deps),
    delegations: createDelegations(deps),
    /** node timeouts: `sweep()`, started every minute on the scheduler role (main.ts) */
    timeouts: createTimeouts(deps),
    tasks: createTaskActions(deps),
    listTasks: (actor: UserActor, q: { box: TaskBox; page: number; page_size: number; sort?: string }) => listBox(deps.db, actor, q),
    counts: (userId: string) => boxCounts(deps.db, userId),
  };
}

export type Approvals = ReturnType<typeof createApprovals>;
