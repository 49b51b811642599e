import { NODE_SILENT_AFTER_S, type NodeConnection, type NodeInfo, type NodeQueue, type NodeRole, type NodeStatus } from "@ops/shared/contracts/monitor.ts";
import type { Db } from "../../../platform/db/db.ts";

/** What a process writes about itself on every report (status: its own view: up, draining, drained or stopped). */
export type NodeReport = {
  id: string;
  roles: string[];
  version: string;
  host: string;
  pid: number;
  started_at: string;
  last_seen_at: string;
  cpu_pct: number | null;
  rss_bytes: number | null;
  queues: NodeQueue[];
  in_flight: number;
  status: Exclude<NodeStatus, "silent">;
  /** its readiness now (null: not known) and the failing checks */
  ready: boolean | null;
  not_ready: string[];
  /** its connections' states by name (informational: chat clients), in the order readiness lists them */
  connections: Record<string, boolean>;
};

type NodeRow = Omit<NodeReport, "roles" | "queues" | "status" | "ready" | "not_ready" | "connections"> & {
  roles: string;
  queues: string;
  status: string;
  ready: number | null;
  not_ready: string | null;
  connections: string | null;
  drain_requested_at: string | null;
  drain_requested_by: string | null;
};

/** Live ones first (up, draining, drained), then the silent, then the stopped. */
const RANK: Record<NodeStatus, number> = { up: 0, draining: 1, drained: 2, silent: 3, stopped: 4 };

/**
 * `silent` is decided when read: a process that stopped reporting cannot say so itself. A node still draining or
 * drained that stops reporting is silent too (it died); only a clean shutdown says `stopped`.
 */
export function statusAt(row: { status: string; last_seen_at: string }, now: Date): NodeStatus {
  if (row.status === "stopped") return "stopped";
  const age = now.getTime() - Date.parse(row.last_seen_at);
  if (age >= NODE_SILENT_AFTER_S * 1000) return "silent";
  return row.status as NodeStatus;
}

export function toNodeInfo(row: NodeRow, now: Date): NodeInfo {
  return {
    id: row.id,
    roles: JSON.parse(row.roles) as NodeRole[],
    version: row.version,
    host: row.host,
    pid: Number(row.pid),
    started_at: row.started_at,
    last_seen_at: row.last_seen_at,
    uptime_s: Math.max(0, Math.round((Date.parse(row.last_seen_at) - Date.parse(row.started_at)) / 1000)),
    cpu_pct: row.cpu_pct === null ? null : Number(row.cpu_pct),
    rss_bytes: row.rss_bytes === null ? null : Number(row.rss_bytes),
    queues: JSON.parse(row.queues) as NodeQueue[],
    status: statusAt(row, now),
    drain_requested_at: row.drain_requested_at,
    drain_requested_by: row.drain_requested_by,
    in_flight: Number(row.in_flight),
    ready: row.ready === null || row.ready === undefined ? null : Number(row.ready) === 1,
    not_ready: row.not_ready ? (JSON.parse(row.not_ready) as string[]) : [],
    connections: connectionsOf(row.connections),
  };
}

function connectionsOf(stored: string | null | undefined): NodeConnection[] {
  if (!stored) return [];
  return Object.entries(JSON.parse(stored) as Record<string, boolean>).map(([name, up]) => ({ name, up: up === true }));
}

export function createNodeStore(db: Db) {
  return {
    /**
     * Writes this process's report. A drain requested since its last look stays visible: an `up` report does not
     * overwrite the `draining` the request wrote (the process switches itself on its next look).
     */
    async upsert(r: NodeReport): Promise<void> {
      await db.run(
        `INSERT INTO monitor_nodes (id, roles, version, host, pid, started_at, last_seen_at, cpu_pct, rss_bytes, queues, in_flight, status, ready, not_ready, connections)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at, cpu_pct = excluded.cpu_pct, rss_bytes = excluded.rss_bytes,
           queues = excluded.queues, in_flight = excluded.in_flight, ready = excluded.ready, not_ready = excluded.not_ready, connections = excluded.connections,
           status = CASE WHEN excluded.status = 'up' AND monitor_nodes.drain_requested_at IS NOT NULL THEN 'draining' ELSE excluded.status END`,
        [r.id, JSON.stringify(r.roles), r.version, r.host, r.pid, r.started_at, r.last_seen_at, r.cpu_pct, r.rss_bytes, JSON.stringify(r.queues), r.in_flight, r.status,
          r.ready === null ? null : r.ready ? 1 : 0, JSON.stringify(r.not_ready), JSON.stringify(r.connections)],
      );
    },
    async drainRequested(id: string): Promise<boolean> {
      const row = await db.get<{ drain_requested_at: string | null }>("SELECT drain_requested_at FROM monitor_nodes WHERE id = ?", [id]);
      return !!row?.drain_requested_at;
    },
    async markStopped(id: string, at: string): Promise<void> {
      await db.run("UPDATE monitor_nodes SET status = 'stopped', last_seen_at = ?, in_flight = 0, ready = 0 WHERE id = ?", [at, id]);
    },
    async list(now: Date): Promise<NodeInfo[]> {
      const rows = await db.all<NodeRow>("SELECT * FROM monitor_nodes");
      return rows
        .map((r) => toNodeInfo(r, now))
        .sort((a, b) => RANK[a.status] - RANK[b.status] || a.host.localeCompare(b.host) || b.started_at.localeCompare(a.started_at) || a.id.localeCompare(b.id));
    },
    async get(id: string, now: Date): Promise<NodeInfo | null> {
      const row = await db.get<NodeRow>("SELECT * FROM monitor_nodes WHERE id = ?", [id]);
      return row ? toNodeInfo(row, now) : null;
    },
    /**
     * Records the request when the node is still taking work: false when it changed meanwhile (another admin's
     * drain, a stop). `fresh`: reported after this instant (not silent).
     */
    async requestDrain(id: string, at: string, by: string, fresh: string): Promise<boolean> {
      const rows = await db.all(
        `UPDATE monitor_nodes SET drain_requested_at = ?, drain_requested_by = ?, status = 'draining'
         WHERE id = ? AND status = 'up' AND drain_requested_at IS NULL AND last_seen_at > ? RETURNING id`,
        [at, by, id, fresh],
      );
      return rows.length > 0;
    },
    /** Rows not heard of since `before` (stopped or silent that long) are deleted. */
    async prune(before: string): Promise<void> {
      await db.run("DELETE FROM monitor_nodes WHERE last_seen_at < ?", [before]);
    },
  };
}

export type NodeStore = ReturnType<typeof createNodeStore>;
