import type { Actor, DataScope } from "@ops/shared";
import type { Db } from "../../platform/db/db.ts";
import type { SqlFragment } from "../../platform/db/query.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";

/**
 * The union of the actor's roles' data scopes as one WHERE fragment:
 * ALL → no filter; DEPT → own department; DEPT_AND_CHILD → own department's subtree;
 * CUSTOM → the role's listed departments; SELF → rows the actor owns.
 * A table without a department column falls back to ownership, and vice versa.
 */
export function createScopeFilter(db: Db): ScopeFilter {
  return async (actor: Actor, columns: { dept?: string; owner?: string }): Promise<SqlFragment | null> => {
    if (actor.kind === "system") return null;
    if (actor.roleIds.length === 0) return ownerOnly(actor.userId, columns.owner);
    const roles = await db.all<{ id: string; data_scope: DataScope }>(
      `SELECT id, data_scope FROM roles WHERE id IN (${actor.roleIds.map(() => "?").join(", ")})`,
      actor.roleIds,
    );
    if (roles.some((r) => r.data_scope === "ALL")) return null;
    const depts = new Set<string>();
    for (const role of roles) {
      if (role.data_scope === "DEPT" && actor.deptId) depts.add(actor.deptId);
      if (role.data_scope === "DEPT_AND_CHILD" && actor.deptId) {
        const rows = await db.all<{ id: string }>("SELECT id FROM departments WHERE path LIKE ?", [`%/${actor.deptId}/%`]);
        for (const r of rows) depts.add(r.id);
      }
      if (role.data_scope === "CUSTOM") {
        const rows = await db.all<{ dept_id: string }>("SELECT dept_id FROM role_depts WHERE role_id = ?", [role.id]);
        for (const r of rows) depts.add(r.dept_id);
      }
    }
    const parts: string[] = [];
    const params: unknown[] = [];
    if (depts.size > 0 && columns.dept) {
      parts.push(`${columns.dept} IN (${[...depts].map(() => "?").join(", ")})`);
      params.push(...depts);
    }
    // SELF, and everyone besides: the actor's own rows are always in scope.
    if (columns.owner) {
      parts.push(`${columns.owner} = ?`);
      params.push(actor.userId);
    }
    if (parts.length === 0) return { sql: "1 = 0", params: [] };
    return { sql: `(${parts.join(" OR ")})`, params };
  };
}

function ownerOnly(userId: string, owner: string | undefined): SqlFragment {
  return owner ? { sql: `${owner} = ?`, params: [userId] } : { sql: "1 = 0", params: [] };
}
