import { DEFAULT_FLOW_ALERTS, type Flow, type FlowEdge, type FlowNode, type FlowVersion } from "@ops/shared/contracts/flows.ts";
import type { Db } from "../../platform/db/db.ts";

export type FlowRow = {
  id: string;
  name: string;
  description: string;
  version: number | string;
  nodes: string;
  edges: string;
  params: string;
  owner_department_id: string | null;
  owner_department_name?: string | null;
  tags: string;
  /** JSON FlowAlerts; NULL: DEFAULT_FLOW_ALERTS */
  alerts?: string | null;
  schedule?: string | null;
  misfire?: string;
  status?: string;
  next_fire_at?: string | null;
  schedule_anchor?: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

export type FlowVersionRow = { flow_id: string; version: number | string; nodes: string; edges: string; params: string; created_by: string | null; created_by_name?: string | null; created_at: string };

export const FLOW_SELECT = "f.*, d.name AS owner_department_name";
export const FLOW_FROM = "flows f LEFT JOIN departments d ON d.id = f.owner_department_id";

export function toFlow(r: FlowRow): Flow {
  return {
    id: r.id, name: r.name, description: r.description, version: Number(r.version),
    nodes: JSON.parse(r.nodes) as FlowNode[], edges: JSON.parse(r.edges) as FlowEdge[], params: JSON.parse(r.params),
    owner_department_id: r.owner_department_id, owner_department_name: r.owner_department_name ?? null, tags: JSON.parse(r.tags),
    alerts: r.alerts ? JSON.parse(r.alerts) : DEFAULT_FLOW_ALERTS,
    schedule: r.schedule ? JSON.parse(r.schedule) : null, misfire: (r.misfire ?? "fire_once") as Flow["misfire"], status: r.status === "paused" ? "paused" : "enabled",
    next_fire_at: r.next_fire_at ?? null, created_by: r.created_by, created_at: r.created_at, updated_at: r.updated_at,
  };
}

export function toVersion(r: FlowVersionRow): FlowVersion {
  return {
    flow_id: r.flow_id, version: Number(r.version), nodes: JSON.parse(r.nodes), edges: JSON.parse(r.edges), params: JSON.parse(r.params),
    created_by: r.created_by, created_by_name: r.created_by_name ?? null, created_at: r.created_at,
  };
}

/** By id, or by name (what chat uses). */
export async function findFlowRow(db: Db, idOrName: string): Promise<FlowRow | undefined> {
  return db.get<FlowRow>(`SELECT ${FLOW_SELECT} FROM ${FLOW_FROM} WHERE f.id = ? OR f.name = ? ORDER BY CASE WHEN f.id = ? THEN 0 ELSE 1 END LIMIT 1`, [idOrName, idOrName, idOrName]);
}

/** Versions never change once written: instances read theirs at every hand-off, so they are cached. */
const versionCache = new WeakMap<Db, Map<string, FlowVersion>>();

export async function loadVersion(db: Db, flowId: string, version: number): Promise<FlowVersion | undefined> {
  let cache = versionCache.get(db);
  if (!cache) versionCache.set(db, (cache = new Map()));
  const key = `${flowId}:${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const row = await db.get<FlowVersionRow>(
    "SELECT v.*, u.username AS created_by_name FROM flow_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.flow_id = ? AND v.version = ?",
    [flowId, version],
  );
  if (!row) return undefined;
  const v = toVersion(row);
  if (cache.size > 500) cache.clear();
  cache.set(key, v);
  return v;
}
