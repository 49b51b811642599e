import type { Migration } from "../migrate.ts";

/**
 * Approvals' integrations: a definition's internal hooks (JSON list: run a job or flow when an
 * instance ends approved or rejected), kept on the draft and copied into each published version;
 * and flows' approval gates: the approval a waiting wait node started (looked up by approval id
 * when that approval ends).
 */
export const m030ApprovalHooksGates: Migration = {
  version: 30,
  name: "approval-hooks-gates",
  statements: () => [
    "ALTER TABLE approval_definitions ADD COLUMN hooks TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE approval_definition_versions ADD COLUMN hooks TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE flow_run_nodes ADD COLUMN approval_id TEXT",
    "CREATE INDEX flow_run_nodes_approval ON flow_run_nodes (approval_id)",
  ],
};
