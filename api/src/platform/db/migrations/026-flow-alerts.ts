import type { Migration } from "../migrate.ts";

/**
 * Flow alerts (modules/flows/alerts.ts): a flow's `alerts` settings, JSON like a job's (NULL: a
 * failed run alerts the flow's owner). Their episodes share job_alert_episodes, keyed by the
 * flow's id (flow and job ids are both unique generated ids, and a flow's inline steps, which
 * carry the flow's id as job id, never raise job alerts).
 */
export const m026FlowAlerts: Migration = {
  version: 26,
  name: "flow-alerts",
  statements: () => ["ALTER TABLE flows ADD COLUMN alerts TEXT"],
};
