import { badRequest, type UserActor } from "@ops/shared";
import type { IamDeps } from "../iam.deps.ts";
import { confirmPassword, assertNotLocked, recordFailure, resetFailures } from "../auth/index.ts";
import { claimTotpStep, matchTotp } from "../mfa/index.ts";

/**
 * Binding a chat account hands it the user's whole authority, so a session that signed in more
 * than five minutes ago (a borrowed, unlocked laptop) must prove the password again, or an MFA
 * code for accounts that have it. Wrong answers count towards the lockout like sign-ins.
 */
export const BIND_REAUTH_AFTER_MS = 5 * 60_000;

export type BindProof = { password?: string; mfa_code?: string };

/** True when this actor's sign-in is too old (or unknown, e.g. an API token) to bind without proof. */
export async function reauthRequired(deps: IamDeps, actor: UserActor): Promise<boolean> {
  if (!actor.sessionId) return true;
  const s = await deps.db.get<{ created_at: string }>("SELECT created_at FROM sessions WHERE id = ?", [actor.sessionId]);
  if (!s) return true;
  return deps.clock.now().getTime() - Date.parse(s.created_at) > BIND_REAUTH_AFTER_MS;
}

export async function assertRecentAuth(deps: IamDeps, actor: UserActor, proof: BindProof): Promise<void> {
  if (!(await reauthRequired(deps, actor))) return;
  if (proof.password) return confirmPassword(deps, actor.userId, proof.password, "password");
  if (proof.mfa_code) return confirmMfaCode(deps, actor.userId, proof.mfa_code);
  throw badRequest("im.reauth_required", [{ field: "password", message: "im.reauth_required" }]);
}

async function confirmMfaCode(deps: IamDeps, userId: string, code: string): Promise<void> {
  const user = await deps.db.get<{ mfa_enabled: number; mfa_secret: string | null; locked_until: string | null }>(
    "SELECT mfa_enabled, mfa_secret, locked_until FROM users WHERE id = ?", [userId],
  );
  if (user) assertNotLocked(user, deps.clock.now());
  if (user && Number(user.mfa_enabled) === 1 && user.mfa_secret) {
    const step = matchTotp(await deps.secrets.decrypt(user.mfa_secret), code, deps.clock.now());
    if (step !== null && (await claimTotpStep(deps.db, userId, step))) {
      await resetFailures(deps, userId);
      return;
    }
  }
  const lockedNow = await recordFailure(deps, userId);
  if (lockedNow) throw lockedNow;
  throw badRequest("iam.mfa_invalid_code", [{ field: "mfa_code", message: "iam.mfa_invalid_code" }]);
}
