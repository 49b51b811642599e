import type { Migration } from "../migrate.ts";

/**
 * Approvals: delegation while away and node timeouts (modules/approvals/delegation, …/timeouts).
 * `approval_delegations`: who (user_id) hands approve tasks to whom (delegate_id) from starts_at to
 * ends_at, for all definitions (definitions NULL) or a JSON list of keys. A task records the
 * approver it was delegated from, and `due_at`: when its node's timeout fires next (set when the
 * task becomes pending, moved on by each reminder, cleared once acted on), so the sweep reads
 * due tasks through one index and claims each with a compare-and-set on it.
 */
export const m029ApprovalDelegationsTimeouts: Migration = {
  version: 29,
  name: "approval-delegations-timeouts",
  statements: () => [
    `CREATE TABLE approval_delegations (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      delegate_id TEXT NOT NULL,
      starts_at TEXT NOT NULL,
      ends_at TEXT NOT NULL,
      definitions TEXT,
      reason TEXT NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX approval_delegations_user ON approval_delegations (user_id, ends_at)",
    "ALTER TABLE approval_tasks ADD COLUMN delegated_from TEXT",
    "ALTER TABLE approval_tasks ADD COLUMN due_at TEXT",
    "CREATE INDEX approval_tasks_due ON approval_tasks (status, due_at)",
  ],
};
