import type { Actor, DataScope, UserActor } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import type { SqlFragment } from "../../../platform/db/query.ts";
import type { ScopeFilter } from "../../../platform/data-scope.ts";
import { iamCacheFor, versionsFor } from "../settings/index.ts";

const KNOWN_SCOPES = new Set<DataScope>(["ALL", "DEPT", "DEPT_AND_CHILD", "SELF", "CUSTOM"]);

/**
 * The union of the actor's roles' data scopes as one WHERE fragment:
 * ALL → no filter; DEPT → own department; DEPT_AND_CHILD → own department's subtree;
 * CUSTOM → the role's listed departments; SELF → rows the actor owns.
 * The actor's own rows are always in scope. Anything unknown or missing narrows the scope
 * rather than widening it: a role with an unexpected scope value counts as SELF, a user
 * without a department gets no department rows, a table without the needed column gets none.
 *
 * Department sets are subqueries, not id lists, so the fragment stays small and always
 * sees the current tree (a department moved in the same transaction is honoured). Their
 * tables carry their own aliases so they never capture a column of the caller's table.
 */
export function createScopeFilter(db: Db): ScopeFilter {
  return async (actor: Actor, columns: { dept?: string; owner?: string }): Promise<SqlFragment | null> => {
    if (actor.kind === "system") return null;
    const scopes = await scopesOf(db, actor);
    if (scopes.some((s) => s.data_scope === "ALL")) return null;
    const parts: string[] = [];
    const params: unknown[] = [];
    if (columns.dept) {
      const depts = await deptConditions(db, actor, scopes, columns.dept);
      parts.push(...depts.map((d) => d.sql));
      for (const d of depts) params.push(...d.params);
    }
    if (columns.owner) {
      parts.push(`${columns.owner} = ?`);
      params.push(actor.userId);
    }
    if (parts.length === 0) return { sql: "1 = 0", params: [] };
    return { sql: `(${parts.join(" OR ")})`, params };
  };
}

/** Whether a department is visible to the actor (for writes that place rows into a department). */
export async function isDeptInScope(db: Db, actor: Actor, deptId: string): Promise<boolean> {
  const fragment = await createScopeFilter(db)(actor, { dept: "d.id" });
  const row = await db.get(
    `SELECT d.id FROM departments d WHERE d.id = ?${fragment ? ` AND ${fragment.sql}` : ""}`,
    [deptId, ...(fragment?.params ?? [])],
  );
  return row !== undefined;
}

type RoleScope = { id: string; data_scope: DataScope };

/** The actor's roles' scopes, from the versioned role cache (versions as read when the request authenticated). */
async function scopesOf(db: Db, actor: UserActor): Promise<RoleScope[]> {
  if (actor.roleIds.length === 0) return [];
  const roles = await iamCacheFor(db).roles((await versionsFor(db, actor)).roles);
  return actor.roleIds.flatMap((id) => {
    const role = roles.get(id);
    if (!role) return [];
    return [{ id, data_scope: KNOWN_SCOPES.has(role.data_scope) ? role.data_scope : ("SELF" as const) }];
  });
}

async function deptConditions(db: Db, actor: UserActor, scopes: RoleScope[], column: string): Promise<SqlFragment[]> {
  const out: SqlFragment[] = [];
  const kinds = new Set(scopes.map((s) => s.data_scope));
  if (actor.deptId && kinds.has("DEPT_AND_CHILD")) {
    const ownPath = (await iamCacheFor(db).deptPaths((await versionsFor(db, actor)).depts)).get(actor.deptId);
    if (ownPath) out.push({ sql: `${column} IN (SELECT scope_d.id FROM departments scope_d WHERE scope_d.path LIKE ? ESCAPE '\\')`, params: [`${escapeLike(ownPath)}%`] });
  } else if (actor.deptId && kinds.has("DEPT")) {
    out.push({ sql: `${column} = ?`, params: [actor.deptId] });
  }
  const custom = scopes.filter((s) => s.data_scope === "CUSTOM").map((s) => s.id);
  if (custom.length > 0) {
    out.push({
      sql: `${column} IN (SELECT scope_rd.dept_id FROM role_depts scope_rd WHERE scope_rd.role_id IN (${custom.map(() => "?").join(", ")}))`,
      params: custom,
    });
  }
  return out;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
