import type { Migration } from "../migrate.ts";

/**
 * Each node reports its connections with every heartbeat beside its readiness: the JSON object of the
 * informational parts of its `/readyz` (each chat platform's client on the bot role: `{"chat:slack": true}`), which
 * do not fail readiness. NULL: reported by a release that did not say.
 */
export const m057MonitorNodeConnections: Migration = {
  version: 57,
  name: "monitor-node-connections",
  statements: () => ["ALTER TABLE monitor_nodes ADD COLUMN connections TEXT"],
};
