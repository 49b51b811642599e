import { createHash } from "node:crypto";
import { hasPermission, type Actor } from "@ops/shared";
import type { Dataset } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { ScopeFilter } from "../../../platform/data-scope.ts";
import type { ViewerScope } from "../ports.ts";
import { UNMASK } from "../reports.deps.ts";

/**
 * The viewer's scope from IAM's data scope: the scope filter applied to the departments table lists the departments
 * they may see. ALL (and the system) see every row. `key` names the scope for result caches.
 */
export async function viewerScope(db: Db, scope: ScopeFilter, actor: Actor): Promise<ViewerScope> {
  const unmask = hasPermission(actor, UNMASK);
  if (actor.kind === "system") return { all: true, unmask: true, key: "all:u" };
  const fragment = await scope(actor, { dept: "d.id" });
  if (!fragment) return { all: true, unmask, key: unmask ? "all:u" : "all" };
  const rows = await db.all<{ id: string }>(`SELECT d.id FROM departments d WHERE ${fragment.sql} ORDER BY d.id`, fragment.params);
  const deptIds = rows.map((r) => r.id);
  const digest = createHash("sha256").update(JSON.stringify([deptIds, actor.username, unmask])).digest("base64url").slice(0, 22);
  return { all: false, deptIds, username: actor.username, unmask, key: `s:${digest}` };
}

/** A row filter as the values its column may hold for this viewer (none: the viewer sees no rows). */
export type BoundRowFilter = { column: string; values: string[] };

/** The dataset's row filters for the viewer: nothing for ALL; the departments, their attribute values or the username. */
export async function boundRowFilters(db: Db, dataset: Pick<Dataset, "row_filters">, scope: ViewerScope): Promise<BoundRowFilter[]> {
  if (scope.all) return [];
  const out: BoundRowFilter[] = [];
  for (const f of dataset.row_filters) {
    if (f.source === "dept") out.push({ column: f.column, values: scope.deptIds });
    else if (f.source === "user") out.push({ column: f.column, values: scope.username ? [scope.username] : [] });
    else out.push({ column: f.column, values: await attributeValues(db, f.attr ?? "", scope.deptIds) });
  }
  return out;
}

async function attributeValues(db: Db, key: string, deptIds: string[]): Promise<string[]> {
  if (!key || deptIds.length === 0) return [];
  const values: string[] = [];
  // chunks keep the statement under every engine's parameter limit however large the tree
  for (let i = 0; i < deptIds.length; i += 500) {
    const chunk = deptIds.slice(i, i + 500);
    const rows = await db.all<{ v: string }>(
      `SELECT DISTINCT attr_value AS v FROM report_attributes WHERE attr_key = ? AND dept_id IN (${chunk.map(() => "?").join(", ")})`,
      [key, ...chunk],
    );
    values.push(...rows.map((r) => r.v));
  }
  return [...new Set(values)].sort();
}
