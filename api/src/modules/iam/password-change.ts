import { iso } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import { insertRow } from "../../platform/db/query.ts";
import type { IamDeps } from "./iam.deps.ts";
import { hashPassword } from "./passwords.ts";

export type SetPasswordOptions = {
  /** the user must change it at next sign-in (admin reset) */
  mustChange: boolean;
  /** end the user's sessions except this one (null: end all) */
  keepSessionId?: string | null;
};

/**
 * The one way a password is set (self-service change, admin reset, first admin):
 * policy check, history, hash, sessions ended. Throws AppError 400 with field `password`
 * when the policy refuses it.
 */
export async function setUserPassword(deps: IamDeps, userId: string, plain: string, options: SetPasswordOptions): Promise<void> {
  const { db, clock } = deps;
  const now = iso(clock.now());
  const hash = await hashPassword(plain);
  await db.tx(async () => {
    await db.run("UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = ?, updated_at = ? WHERE id = ?", [
      hash, now, options.mustChange ? 1 : 0, now, userId,
    ]);
    await insertRow(db, "password_history", { id: newId(), user_id: userId, password_hash: hash, created_at: now });
    await db.run(
      "UPDATE sessions SET revoked_at = ?, revoke_reason = 'password_changed' WHERE user_id = ? AND revoked_at IS NULL AND id <> ?",
      [now, userId, options.keepSessionId ?? ""],
    );
  });
}
