import type { Locale, UserActor } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import { permissionsOf, rolesOf } from "../access/index.ts";

export type ActorUserRow = { id: string; username: string; display_name: string; dept_id: string | null; status: string; locale: string; deleted_at: string | null };

export const ACTOR_USER_COLUMNS = "id, username, display_name, dept_id, status, locale, deleted_at";

/** The Actor of an active user, with effective permissions loaded now (role changes apply at once). */
export async function actorOf(db: Db, user: ActorUserRow, extras: Pick<UserActor, "sessionId"> & Partial<UserActor>): Promise<UserActor> {
  const roles = await rolesOf(db, user.id);
  return {
    kind: "user",
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    deptId: user.dept_id,
    roleIds: roles.map((r) => r.id),
    permissions: await permissionsOf(db, roles),
    locale: (user.locale === "en" ? "en" : "zh-CN") as Locale,
    ...extras,
  };
}
