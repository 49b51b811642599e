import { AppError, forbidden, type Actor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { IamDeps } from "../iam.deps.ts";
import { maskAlways, maskSensitive } from "./masking.ts";
import { unlockUser, setUserPassword } from "../auth/index.ts";
import type { UserQueries } from "./users.query.ts";
import { BUILTIN_ADMIN, acceptedPassword, type createUserAccess } from "./users.access.ts";
import type { User } from "./users.schema.ts";

type Access = ReturnType<typeof createUserAccess>;

/** Soft delete, admin password reset and unlock. */
export function createUserActions(deps: IamDeps, queries: UserQueries, access: Access) {
  const { db, clock } = deps;

  /** Soft delete: the row stays for audit and history; the username becomes free again. */
  async function remove(actor: Actor, id: string): Promise<{ id: string; deleted: true }> {
    const before = await access.manageable(actor, id);
    if (actor.kind === "user" && actor.userId === id) throw new AppError("iam.cannot_delete_self", { status: 400 });
    if (before.username === BUILTIN_ADMIN) throw forbidden("iam.admin_protected");
    await db.tx(async () => {
      const now = iso(clock.now());
      await db.run("UPDATE users SET deleted_at = ?, updated_at = ? WHERE id = ?", [now, now, id]);
      await db.run("UPDATE departments SET leader_id = NULL, updated_at = ? WHERE leader_id = ?", [now, id]);
      await access.endSessions(id, "user_deleted");
    });
    noteAudit({ resourceType: "user", resourceId: id, before: maskAlways(before), after: null });
    return { id, deleted: true };
  }

  /** A temporary password, shown once; the owner must replace it and is signed out everywhere. */
  async function resetPassword(actor: Actor, id: string, password?: string): Promise<{ password: string }> {
    const before = await access.manageable(actor, id);
    const plain = password ?? (await acceptedPassword(deps, before.username));
    // Ends every session of the user too (keepSessionId null).
    await setUserPassword(deps, id, plain, { mustChange: true, keepSessionId: null });
    noteAudit({
      resourceType: "user", resourceId: id,
      before: { username: before.username },
      after: { username: before.username, must_change_password: true, generated: password === undefined },
    });
    return { password: plain };
  }

  /** Clears a lockout after failed sign-ins. */
  async function unlock(actor: Actor, id: string): Promise<User> {
    const before = await access.manageable(actor, id);
    const state = await unlockUser(deps, id);
    noteAudit({
      resourceType: "user", resourceId: id,
      before: { username: before.username, locked: state.wasLocked, locked_until: state.lockedUntil, failed_count: state.failedCount },
      after: { username: before.username, locked: false, locked_until: null, failed_count: 0 },
    });
    return maskSensitive(actor, (await queries.load(id))!);
  }

  return { remove, resetPassword, unlock };
}
