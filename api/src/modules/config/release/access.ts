import { SUPER_PERMISSION, hasPermission, type Actor } from "@ops/shared";
import { SYSTEM_SETTINGS_PERMISSION } from "../config.deps.ts";
import type { ConfigTable } from "@ops/shared/contracts/config.ts";
import type { Db } from "../../../platform/db/db.ts";

/**
 * A table's read_roles / write_roles name role codes; the actor carries role ids. Empty lists, super
 * administrators and the system pass.
 */
export async function holdsTableRole(db: Db, actor: Actor, roles: string[]): Promise<boolean> {
  if (actor.kind === "system" || roles.length === 0 || actor.permissions.includes(SUPER_PERMISSION)) return true;
  if (!actor.roleIds.length) return false;
  const rows = await db.all<{ code: string }>(`SELECT code FROM roles WHERE id IN (${actor.roleIds.map(() => "?").join(", ")})`, actor.roleIds);
  return rows.some((r) => roles.includes(r.code));
}

/** System tables (credentials, the security policy): holders of iam:settings:update only (config.access.ts). */
const systemAllowed = (actor: Actor, t: Pick<ConfigTable, "system">) => !t.system || hasPermission(actor, SYSTEM_SETTINGS_PERMISSION);
export const canRead = async (db: Db, actor: Actor, t: ConfigTable) => systemAllowed(actor, t) && (await holdsTableRole(db, actor, t.read_roles));
export const canWrite = async (db: Db, actor: Actor, t: ConfigTable) => systemAllowed(actor, t) && (await holdsTableRole(db, actor, t.write_roles));

/** Active users holding `code` (through the role tree, or `*`): who may approve and publish. */
export async function holdersOf(db: Db, code: string): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT DISTINCT u.id, u.username FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
     WHERE u.status = 'active' AND u.deleted_at IS NULL AND EXISTS (
       SELECT 1 FROM role_permissions rp WHERE rp.permission_code IN (?, '*') AND r.path LIKE '%/' || rp.role_id || '/%')
     ORDER BY u.username`,
    [code],
  );
  return rows.map((r) => r.id);
}
