import { AppError, forbidden, notFound, type UserActor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { confirmPassword } from "./auth-confirm-password.ts";
import { currentRestriction, tokenData, type TokenData } from "./login-flow.ts";
import { hashPassword } from "./passwords.ts";
import { isRecentPassword, passwordPolicyOf, policyViolations } from "./password-policy.ts";
import { reissueSession, revokeUserSessions } from "../sessions/index.ts";
import { loadSecurity, MAX_PASSWORD_HISTORY } from "../settings/index.ts";

export type SetPasswordOptions = {
  /** the user must change it at next sign-in (admin reset) */
  mustChange: boolean;
  /** end the user's sessions except this one (null: end all) */
  keepSessionId?: string | null;
  /** field named in policy errors (default `password`) */
  field?: string;
};

export type PolicyCheck = {
  /** checks reuse of this user's recent passwords too */
  userId?: string | null;
  /** refuses passwords containing it (looked up from userId when not given) */
  username?: string | null;
  field?: string;
};

/**
 * Throws AppError 400 `iam.password_policy` with one `{field, message}` per broken rule
 * (messages are keys: iam.password_too_short, iam.password_too_simple,
 * iam.password_contains_username, iam.password_reused).
 */
export async function checkPasswordPolicy(deps: IamDeps, plain: string, check: PolicyCheck = {}): Promise<void> {
  const policy = passwordPolicyOf(await loadSecurity(deps.db));
  let username = check.username;
  if (username === undefined && check.userId) {
    username = (await deps.db.get<{ username: string }>("SELECT username FROM users WHERE id = ?", [check.userId]))?.username;
  }
  const violations = policyViolations(plain, policy, username);
  if (violations.length === 0 && check.userId && (await isRecentPassword(deps.db, check.userId, plain, policy.history))) {
    violations.push("iam.password_reused");
  }
  if (violations.length === 0) return;
  const field = check.field ?? "password";
  const errors = violations.map((message) => ({ field, message }));
  throw new AppError("iam.password_policy", { status: 400, errors, params: { ...policy } });
}

/**
 * The one way a password is set (self-service change, admin reset): policy and history
 * check, hash, history row, sessions ended. Returns the ids of the sessions it ended.
 */
export async function setUserPassword(
  deps: IamDeps,
  userId: string,
  plain: string,
  options: SetPasswordOptions,
): Promise<{ endedSessionIds: string[] }> {
  const { db, clock } = deps;
  const user = await db.get<{ username: string }>("SELECT username FROM users WHERE id = ? AND deleted_at IS NULL", [userId]);
  if (!user) throw notFound();
  await checkPasswordPolicy(deps, plain, { userId, username: user.username, field: options.field });
  const hash = await hashPassword(plain);
  return db.tx(async () => {
    const now = iso(clock.now());
    await db.run("UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = ?, updated_at = ? WHERE id = ?", [
      hash, now, options.mustChange ? 1 : 0, now, userId,
    ]);
    await insertRow(db, "password_history", { id: newId(), user_id: userId, password_hash: hash, created_at: now });
    await db.run(
      "DELETE FROM password_history WHERE user_id = ? AND id NOT IN (SELECT id FROM password_history WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?)",
      [userId, userId, MAX_PASSWORD_HISTORY],
    );
    return { endedSessionIds: await revokeUserSessions(deps, userId, "password_changed", options.keepSessionId) };
  });
}

/** POST /auth/password: old password proven, new one set, other sessions ended, this one re-issued unrestricted. */
export async function changeOwnPassword(deps: IamDeps, actor: UserActor, oldPassword: string, newPassword: string): Promise<TokenData> {
  if (!actor.sessionId) throw forbidden("auth.forbidden", { permission: "session" });
  // The rules first: cheap, public, and a refused password should not cost a password guess.
  await checkPasswordPolicy(deps, newPassword, { username: actor.username, field: "new_password" });
  await confirmPassword(deps, actor.userId, oldPassword, "old_password");
  const { endedSessionIds } = await setUserPassword(deps, actor.userId, newPassword, {
    mustChange: false, keepSessionId: actor.sessionId, field: "new_password",
  });
  // A role may still demand MFA binding; the password restriction is gone.
  const restricted = await currentRestriction(deps, actor.userId, "password");
  const pair = await reissueSession(deps, actor.sessionId, restricted);
  noteAudit({ resourceType: "user", resourceId: actor.userId, after: { password_changed: true, sessions_ended: endedSessionIds.length } });
  return tokenData(pair, restricted);
}
