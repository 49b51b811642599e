import type { Migration } from "../migrate.ts";

/**
 * Nodes and security detectors (modules/monitor/nodes and security):
 * - `monitor_nodes`: one row per OPS process run (its id is new at every start), upserted by the process every few
 *   seconds; `silent` is not stored (computed from last_seen_at when read), `stopped` is written by a clean shutdown;
 *   an admin's drain request is written here and seen by the process on its next report;
 * - `monitor_cursors`: where each detector stopped reading the login and audit logs (their chain `seq`), and when the
 *   hourly audit check last ran, so a restart neither counts an event twice nor raises it again.
 */
export const m047MonitorNodesSecurity: Migration = {
  version: 47,
  name: "monitor-nodes-security",
  statements: (dialect) => {
    const real = dialect === "postgres" ? "DOUBLE PRECISION" : "REAL";
    const big = dialect === "postgres" ? "BIGINT" : "INTEGER";
    return [
      `CREATE TABLE monitor_nodes (
        id TEXT PRIMARY KEY,
        roles TEXT NOT NULL,
        version TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        cpu_pct ${real},
        rss_bytes ${big},
        queues TEXT NOT NULL,
        in_flight INTEGER NOT NULL,
        status TEXT NOT NULL,
        drain_requested_at TEXT,
        drain_requested_by TEXT
      )`,
      "CREATE INDEX monitor_nodes_seen ON monitor_nodes (last_seen_at)",
      `CREATE TABLE monitor_cursors (
        name TEXT PRIMARY KEY,
        position ${big} NOT NULL,
        updated_at TEXT NOT NULL
      )`,
    ];
  },
};
