import type { Migration } from "../migrate.ts";

/**
 * Retry from the failed node (modules/flows/engine/retry.ts): a failed or cancelled flow run is
 * cleared from its failed nodes on and runs again on the same instance. `retries` counts those
 * rounds; a step queued in round n takes the occurrence key `flow:<run>:<node>:<shard>:r<n>`, so
 * it is a new job run while two workers handing off at once still queue it once.
 */
export const m022FlowRetries: Migration = {
  version: 22,
  name: "flow-retries",
  statements: () => ["ALTER TABLE flow_runs ADD COLUMN retries INTEGER NOT NULL DEFAULT 0"],
};
