import { AppError, PERMISSIONS, SUPER_PERMISSION, hasPermission, type Actor } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import { isDeptInScope } from "./data-scope.ts";
import { permissionsOfRoleIds } from "./permissions-of.ts";

/** Menu codes only shape navigation; they grant no action, so they never block a grant. */
const MENU_CODES = new Set(PERMISSIONS.filter((p) => p.kind === "menu").map((p) => p.code));

/**
 * The codes among `codes` that the actor does not hold. Nobody may hand out more than they
 * have: this is what stops a department manager from minting an administrator.
 */
export function codesBeyond(actor: Actor, codes: Iterable<string>): string[] {
  if (hasPermission(actor, SUPER_PERMISSION)) return [];
  const out = new Set<string>();
  for (const code of codes) {
    if (MENU_CODES.has(code)) continue;
    if (code === SUPER_PERMISSION || !hasPermission(actor, code)) out.add(code);
  }
  return [...out].sort();
}

/** 403 unless the actor holds every code that the given roles carry (own and inherited). */
export async function assertCanGrantRoles(db: Db, actor: Actor, roleIds: string[], field = "role_ids"): Promise<void> {
  if (roleIds.length === 0) return;
  const missing = codesBeyond(actor, await permissionsOfRoleIds(db, roleIds));
  if (missing.length > 0) {
    throw new AppError("iam.role_grant_forbidden", {
      status: 403,
      errors: [{ field, message: "iam.role_grant_forbidden" }],
      params: { permissions: missing.join(", ") },
    });
  }
}

/** 403 unless the department lies inside the actor's data scope. */
export async function assertDeptInScope(db: Db, actor: Actor, deptId: string, field = "dept_id"): Promise<void> {
  if (await isDeptInScope(db, actor, deptId)) return;
  throw new AppError("iam.dept_out_of_scope", { status: 403, errors: [{ field, message: "iam.dept_out_of_scope" }] });
}

/** Roles added or removed between two sets: both directions need the right to grant. */
export function changedIds(before: string[], after: string[]): string[] {
  const a = new Set(before);
  const b = new Set(after);
  return [...new Set([...before.filter((x) => !b.has(x)), ...after.filter((x) => !a.has(x))])];
}
