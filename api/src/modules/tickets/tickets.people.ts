import { pickLocale, type UserActor } from "@ops/shared";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import { isInScope } from "./tickets.access.ts";

export type Person = { id: string; username: string; display_name: string; dept_id: string | null; locale: string };

/** Active users holding `code` (inherited through the role tree, or `*`). */
export async function holdersOf(db: Db, code: string): Promise<Person[]> {
  return db.all<Person>(
    `SELECT DISTINCT u.id, u.username, u.display_name, u.dept_id, u.locale
     FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
     WHERE u.status = 'active' AND u.deleted_at IS NULL AND EXISTS (
       SELECT 1 FROM role_permissions rp WHERE rp.permission_code IN (?, '*') AND r.path LIKE '%/' || rp.role_id || '/%')
     ORDER BY u.username`,
    [code],
  );
}

export async function holds(db: Db, userId: string, code: string): Promise<boolean> {
  const row = await db.get(
    `SELECT 1 AS x FROM user_roles ur JOIN roles r ON r.id = ur.role_id
     WHERE ur.user_id = ? AND EXISTS (
       SELECT 1 FROM role_permissions rp WHERE rp.permission_code IN (?, '*') AND r.path LIKE '%/' || rp.role_id || '/%')`,
    [userId, code],
  );
  return row !== undefined;
}

/** Holders of `code` whose data scope covers the ticket (the reviewers or PMs a ticket waits on). */
export async function holdersInScope(db: Db, scope: ScopeFilter, code: string, ticketId: string): Promise<Person[]> {
  const out: Person[] = [];
  for (const h of await holdersOf(db, code)) {
    const roleIds = (await db.all<{ role_id: string }>("SELECT role_id FROM user_roles WHERE user_id = ?", [h.id])).map((r) => r.role_id);
    const actor: UserActor = {
      kind: "user", userId: h.id, username: h.username, displayName: h.display_name, deptId: h.dept_id, roleIds,
      permissions: [code], sessionId: null, locale: pickLocale(h.locale),
    };
    if (await isInScope(db, scope, actor, ticketId)) out.push(h);
  }
  return out;
}

export async function personOf(db: Db, id: string | null | undefined): Promise<Person | undefined> {
  if (!id) return undefined;
  return db.get<Person>("SELECT id, username, display_name, dept_id, locale FROM users WHERE id = ? AND status = 'active' AND deleted_at IS NULL", [id]);
}
