import type { ApprovalDefinition, ApprovalEdge, ApprovalHook, ApprovalNode, DefinitionSettings, DefinitionStatus, FormField } from "@ops/shared/contracts/approvals.ts";
import type { Db } from "../../../platform/db/db.ts";

export type DefinitionRow = {
  id: string; key: string; name: string; description: string; status: DefinitionStatus; form: string; nodes: string; edges: string; settings: string; hooks: string;
  published_version: number | string | null; created_by: string | null; created_at: string; updated_at: string;
};

/** A published version: what instances run on (never changes once written). */
export type DefinitionVersion = {
  definition_id: string; version: number; name: string; form: FormField[]; nodes: ApprovalNode[]; edges: ApprovalEdge[]; settings: DefinitionSettings; hooks: ApprovalHook[];
  published_by: string | null; published_at: string;
};

type VersionRow = Omit<DefinitionVersion, "form" | "nodes" | "edges" | "settings" | "hooks" | "version"> & { version: number | string; form: string; nodes: string; edges: string; settings: string; hooks: string };

export function toDefinition(r: DefinitionRow): ApprovalDefinition {
  return {
    id: r.id, key: r.key, name: r.name, description: r.description, status: r.status,
    form: JSON.parse(r.form), nodes: JSON.parse(r.nodes), edges: JSON.parse(r.edges), settings: JSON.parse(r.settings),
    hooks: JSON.parse(r.hooks ?? "[]"),
    published_version: r.published_version === null ? null : Number(r.published_version),
    created_by: r.created_by, created_at: r.created_at, updated_at: r.updated_at,
  };
}

const toVersion = (r: VersionRow): DefinitionVersion => ({
  ...r, version: Number(r.version), form: JSON.parse(r.form), nodes: JSON.parse(r.nodes), edges: JSON.parse(r.edges), settings: JSON.parse(r.settings), hooks: JSON.parse(r.hooks ?? "[]"),
});

/** By id, or by key (what starting an approval names). */
export function findDefinitionRow(db: Db, idOrKey: string): Promise<DefinitionRow | undefined> {
  return db.get<DefinitionRow>("SELECT * FROM approval_definitions WHERE id = ? OR key = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1", [idOrKey, idOrKey, idOrKey]);
}

/** Versions never change once written: the engine reads an instance's at every step, so they are cached. */
const cache = new WeakMap<Db, Map<string, DefinitionVersion>>();

export async function loadVersion(db: Db, definitionId: string, version: number): Promise<DefinitionVersion | undefined> {
  let byKey = cache.get(db);
  if (!byKey) cache.set(db, (byKey = new Map()));
  const k = `${definitionId}:${version}`;
  const hit = byKey.get(k);
  if (hit) return hit;
  const row = await db.get<VersionRow>("SELECT * FROM approval_definition_versions WHERE definition_id = ? AND version = ?", [definitionId, version]);
  if (!row) return undefined;
  const v = toVersion(row);
  if (byKey.size > 500) byKey.clear();
  byKey.set(k, v);
  return v;
}

export async function listVersions(db: Db, definitionId: string): Promise<DefinitionVersion[]> {
  const rows = await db.all<VersionRow>("SELECT * FROM approval_definition_versions WHERE definition_id = ? ORDER BY version DESC", [definitionId]);
  return rows.map(toVersion);
}
