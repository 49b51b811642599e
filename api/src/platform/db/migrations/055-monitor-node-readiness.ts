import type { Migration } from "../migrate.ts";

/**
 * Each node reports its readiness (its `/readyz` answer) with every heartbeat: `ready` 1/0 (NULL: reported by a
 * release that did not say), `not_ready` the JSON array of the failing checks' names.
 */
export const m055MonitorNodeReadiness: Migration = {
  version: 55,
  name: "monitor-node-readiness",
  statements: () => [
    "ALTER TABLE monitor_nodes ADD COLUMN ready INTEGER",
    "ALTER TABLE monitor_nodes ADD COLUMN not_ready TEXT",
  ],
};
