import { forbidden, unauthenticated } from "@ops/shared";
import { currentContext } from "../../../platform/context.ts";
import type { IamDeps } from "../iam.deps.ts";
import { clearSignInLimit, limitSignIn, lockError, recordFailure, finishLogin, type TokenData } from "../auth/index.ts";
import { consumeRecoveryCode } from "./mfa-recovery.ts";
import { claimTotpStep, matchTotp } from "./mfa-totp.ts";
import { loadSecurity } from "../settings/index.ts";
import { verifyToken, type MfaClaims } from "../sessions/index.ts";
import { createSmsCodes } from "../sms/index.ts";

type ChallengedUser = {
  id: string; username: string; status: string; must_change_password: number; locked_until: string | null;
  mfa_enabled: number; mfa_secret: string | null; mfa_sms: number;
};

export type MfaAnswer = { mfa_token: string; code?: string; recovery_code?: string; sms_code?: string };

/**
 * Second step of a sign-in (POST /auth/mfa/verify): the challenge token from the first step
 * plus a TOTP code or an unused recovery code. Wrong codes count towards the lockout, and
 * the lock is answered before the rate limit, as for passwords.
 */
export async function verifyMfaLogin(deps: IamDeps, answer: MfaAnswer): Promise<TokenData> {
  const { db, clock } = deps;
  const claims = await verifyToken<MfaClaims>(deps.jwtKey, answer.mfa_token, "mfa", clock.now());
  const user = await db.get<ChallengedUser>(
    "SELECT id, username, status, must_change_password, locked_until, mfa_enabled, mfa_secret, mfa_sms FROM users WHERE id = ? AND deleted_at IS NULL",
    [claims.sub],
  );
  if (!user || Number(user.mfa_enabled) !== 1 || (!user.mfa_secret && Number(user.mfa_sms) !== 1)) throw unauthenticated("auth.token_invalid");
  const ctx = currentContext();
  const ip = ctx?.ip ?? null;
  const refuse = async (error: unknown, reason: string): Promise<never> => {
    await deps.audit.recordLogin({ username: user.username, userId: user.id, provider: claims.prv, success: false, reason, ctx });
    throw error;
  };
  const lockedNow = lockError(user, clock.now());
  if (lockedNow) return refuse(lockedNow, "locked");
  try {
    await limitSignIn(deps, await loadSecurity(db), "mfa", ip, user.username);
  } catch (e) {
    return refuse(e, "rate_limited");
  }
  if (user.status !== "active") return refuse(forbidden("iam.account_disabled"), "disabled");
  if (!(await secondFactorValid(deps, user, answer))) {
    const lockedByThis = await recordFailure(deps, user.id);
    return refuse(lockedByThis ?? unauthenticated("iam.mfa_invalid_code"), "mfa_failed");
  }
  await clearSignInLimit(deps, "mfa", ip, user.username);
  const note = answer.code ? undefined : answer.sms_code ? "sms_code" : "recovery_code";
  return (await finishLogin(deps, user, claims.prv, { mfaPassed: true, note })) as TokenData;
}

async function secondFactorValid(deps: IamDeps, user: ChallengedUser, answer: MfaAnswer): Promise<boolean> {
  if (answer.sms_code) {
    if (Number(user.mfa_sms) !== 1) return false;
    return createSmsCodes(deps).consume("mfa", user.id, answer.sms_code).then(() => true, () => false);
  }
  if (answer.code) {
    if (!user.mfa_secret) return false;
    const step = matchTotp(await deps.secrets.decrypt(user.mfa_secret!), answer.code, deps.clock.now());
    return step !== null && (await claimTotpStep(deps.db, user.id, step));
  }
  return answer.recovery_code ? consumeRecoveryCode(deps, user.id, answer.recovery_code) : false;
}
