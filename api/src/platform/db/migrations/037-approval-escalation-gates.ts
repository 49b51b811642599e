import type { Migration } from "../migrate.ts";

/**
 * Approvals: an escalated task names the task it was escalated from (the people one timeout
 * escalates to share that say, or-sign among them, and the chain bounds how often it escalates);
 * an instance started for another module carries that module's reference once (a flow's approval
 * gate: `flow-gate:<run>:<node>`), so a start repeated after a crash finds the first one. Webhook
 * retention (OPS_WEBHOOK_KEEP_DAYS) reads finished deliveries by status and age, and events by
 * whether any delivery still names them.
 */
export const m037ApprovalEscalationGates: Migration = {
  version: 37,
  name: "approval-escalation-gates",
  statements: () => [
    "ALTER TABLE approval_tasks ADD COLUMN escalated_from TEXT",
    "ALTER TABLE approval_instances ADD COLUMN source_ref TEXT",
    "CREATE UNIQUE INDEX approval_instances_source_ref ON approval_instances (source_ref)",
    "CREATE INDEX webhook_deliveries_age ON webhook_deliveries (status, updated_at)",
    "CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id)",
  ],
};
