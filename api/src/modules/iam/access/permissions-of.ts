import type { DataScope } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";

export type RoleGrant = { id: string; code: string; path: string; data_scope: DataScope; mfa_required: number };

/** The user's roles as stored (not inherited): scopes and MFA demands come from these. */
export async function rolesOf(db: Db, userId: string): Promise<RoleGrant[]> {
  return db.all<RoleGrant>(
    "SELECT r.id, r.code, r.path, r.data_scope, r.mfa_required FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ?",
    [userId],
  );
}

/** Effective codes: each role's own codes plus those of all its ancestors (a child inherits its parent's). */
export async function permissionsOf(db: Db, roles: RoleGrant[]): Promise<string[]> {
  const roleIds = new Set<string>();
  for (const r of roles) for (const id of r.path.split("/").filter(Boolean)) roleIds.add(id);
  if (roleIds.size === 0) return [];
  const ids = [...roleIds];
  const rows = await db.all<{ permission_code: string }>(
    `SELECT DISTINCT permission_code FROM role_permissions WHERE role_id IN (${ids.map(() => "?").join(", ")})`,
    ids,
  );
  return rows.map((r) => r.permission_code).sort();
}

/** Effective codes of a set of roles by id (for grant checks: what giving these roles would give). */
export async function permissionsOfRoleIds(db: Db, roleIds: string[]): Promise<string[]> {
  if (roleIds.length === 0) return [];
  const roles = await db.all<RoleGrant>(
    `SELECT id, code, path, data_scope, mfa_required FROM roles WHERE id IN (${roleIds.map(() => "?").join(", ")})`,
    roleIds,
  );
  return permissionsOf(db, roles);
}
