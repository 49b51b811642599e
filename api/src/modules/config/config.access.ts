import { SUPER_PERMISSION, hasPermission, type Actor } from "@ops/shared";
import type { ConfigTable } from "@ops/shared/contracts/config.ts";
import type { Db } from "../../platform/db/db.ts";
import { CONFIG_EDIT, CONFIG_VIEW, SYSTEM_SETTINGS_PERMISSION } from "./config.deps.ts";
import { tableNotFound, tableWriteForbidden } from "./config.errors.ts";

/** read_roles / write_roles name role codes; the actor carries role ids. Empty lists, super administrators and the system pass. */
export async function holdsTableRole(db: Db, actor: Actor, roles: string[]): Promise<boolean> {
  if (actor.kind === "system" || roles.length === 0 || actor.permissions.includes(SUPER_PERMISSION)) return true;
  if (!actor.roleIds.length) return false;
  const rows = await db.all<{ code: string }>(`SELECT code FROM roles WHERE id IN (${actor.roleIds.map(() => "?").join(", ")})`, actor.roleIds);
  return rows.some((r) => roles.includes(r.code));
}

/**
 * The built-in system tables hold credentials and the security policy: only holders of iam:settings:update
 * (and super administrators) see them, whatever their config permissions or roles; others' tables pass.
 */
export const systemTableAllowed = (actor: Actor, table: Pick<ConfigTable, "system">) => !table.system || hasPermission(actor, SYSTEM_SETTINGS_PERMISSION);

/** A table the actor may not read answers 404, as if it did not exist (its name reveals nothing). */
export async function requireRead(db: Db, actor: Actor, table: ConfigTable | null, name: string): Promise<ConfigTable> {
  if (!table) throw tableNotFound(name);
  if (table.system) {
    if (!systemTableAllowed(actor, table)) throw tableNotFound(name);
    return table;
  }
  if (!hasPermission(actor, CONFIG_VIEW) || !(await holdsTableRole(db, actor, table.read_roles))) throw tableNotFound(name);
  return table;
}

/** Writing needs config:edit and one of write_roles (and reading it at all). */
export async function requireWrite(db: Db, actor: Actor, table: ConfigTable | null, name: string): Promise<ConfigTable> {
  const t = await requireRead(db, actor, table, name);
  if (t.system) return t;
  if (!hasPermission(actor, CONFIG_EDIT) || !(await holdsTableRole(db, actor, t.write_roles))) throw tableWriteForbidden(name);
  return t;
}
