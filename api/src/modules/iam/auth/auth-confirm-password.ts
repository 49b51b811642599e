import { badRequest, unauthenticated } from "@ops/shared";
import type { IamDeps } from "../iam.deps.ts";
import { assertNotLocked, recordFailure, resetFailures } from "./lockout.ts";
import { verifyPassword } from "./passwords.ts";

/**
 * A signed-in user proves the password again before a sensitive change (password change,
 * MFA disable, new recovery codes). Wrong answers count towards the lockout like failed
 * sign-ins, so a stolen session cannot be used to guess the password at leisure.
 */
export async function confirmPassword(deps: IamDeps, userId: string, plain: string, field: string): Promise<void> {
  const { db, clock } = deps;
  const user = await db.get<{ id: string; password_hash: string | null; locked_until: string | null }>(
    "SELECT id, password_hash, locked_until FROM users WHERE id = ? AND deleted_at IS NULL",
    [userId],
  );
  if (!user) throw unauthenticated("auth.session_ended");
  assertNotLocked(user, clock.now());
  if (await verifyPassword(plain, user.password_hash)) {
    await resetFailures(deps, userId);
    return;
  }
  const lockedNow = await recordFailure(deps, userId);
  if (lockedNow) throw lockedNow;
  throw badRequest("iam.wrong_password", [{ field, message: "iam.wrong_password" }]);
}
