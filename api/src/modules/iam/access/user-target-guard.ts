import { AppError, type Actor } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import { codesBeyond } from "./directory-guards.ts";
import { permissionsOfRoleIds } from "./permissions-of.ts";

/**
 * The one guard every action on an existing user goes through (edit, status, roles, delete,
 * password reset, unlock, ending sessions, and whatever comes next): nobody acts on an account
 * that holds a permission they lack. Without it a manager holding iam:user:unlock could unlock
 * (or sign out) a super administrator while the other actions refused. 403, nothing changed.
 */
export async function assertMayManageUser(db: Db, actor: Actor, userId: string): Promise<void> {
  const roles = await db.all<{ role_id: string }>("SELECT role_id FROM user_roles WHERE user_id = ?", [userId]);
  const missing = codesBeyond(actor, await permissionsOfRoleIds(db, roles.map((r) => r.role_id)));
  if (missing.length > 0) throw new AppError("iam.user_manage_forbidden", { status: 403, params: { permissions: missing.join(", ") } });
}
