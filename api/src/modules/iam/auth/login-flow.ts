import { currentContext, noteAudit } from "../../../platform/context.ts";
import { iso } from "../../../platform/clock.ts";
import type { IamDeps } from "../iam.deps.ts";
import { isPasswordExpired, passwordPolicyOf } from "./password-policy.ts";
import { loadSecurity, type SecuritySettings } from "../settings/index.ts";
import { startSession, type Restriction, type TokenPair, signMfa } from "../sessions/index.ts";

export type TokenData = TokenPair & { password_change_required: boolean; mfa_setup_required: boolean };
export type MfaChallenge = { mfa_required: true; mfa_token: string };
export type LoginResult = TokenData | MfaChallenge;

export type VerifiedUser = { id: string; username: string; must_change_password: number };

export type FinishOptions = {
  /** the second factor was checked already (POST /auth/mfa/verify) */
  mfaPassed?: boolean;
  /** login-log reason of a success that is worth telling apart (e.g. "recovery_code") */
  note?: string;
};

type SignInState = { must_change_password: number; password_changed_at: string | null; mfa_enabled: number; mfa_demanded: number };
type Verdict = { restricted: Restriction | null; reason: string | null };

/**
 * What every sign-in does once the credentials are proven, whatever the provider
 * (password, LDAP, OIDC): MFA challenge or session start, restrictions, login log.
 * The seam between the password flow (login/auth.service.ts) and SSO (sso/).
 */
export async function finishLogin(deps: IamDeps, user: VerifiedUser, provider: string, options: FinishOptions = {}): Promise<LoginResult> {
  const { db, clock } = deps;
  const ctx = currentContext();
  const ip = ctx?.ip ?? null;
  const state = await loadSignInState(deps, user.id);
  const now = clock.now();
  if (Number(state.mfa_enabled) === 1 && !options.mfaPassed) {
    return { mfa_required: true, mfa_token: await signMfa(deps.jwtKey, user.id, provider, now) };
  }
  const mustChange = Number(state.must_change_password) || Number(user.must_change_password);
  const { restricted, reason } = restrictionOf({ ...state, must_change_password: mustChange }, provider, await loadSecurity(db), now);
  const pair = await startSession(deps, { userId: user.id, provider, ip, userAgent: ctx?.userAgent ?? null, restricted: restricted ?? undefined });
  await db.run("UPDATE users SET last_login_at = ?, last_login_ip = ?, failed_count = 0, locked_until = NULL WHERE id = ?", [iso(now), ip, user.id]);
  await deps.audit.recordLogin({
    username: user.username, userId: user.id, provider, success: true, reason: reason ?? options.note ?? null, sessionId: pair.session_id, ctx,
  });
  noteAudit({
    resourceType: "user", resourceId: user.id, actor: { id: user.id, name: user.username },
    after: { session_id: pair.session_id, provider, restricted },
  });
  return tokenData(pair, restricted);
}

export function tokenData(pair: TokenPair, restricted: Restriction | null): TokenData {
  return { ...pair, password_change_required: restricted === "password_change", mfa_setup_required: restricted === "mfa_setup" };
}

/**
 * The restriction a new or re-issued session of this user carries now: a password to change
 * first (forced, or expired; only for passwords we keep), else an MFA binding a role demands.
 */
export async function currentRestriction(deps: IamDeps, userId: string, provider: string): Promise<Restriction | null> {
  const state = await loadSignInState(deps, userId);
  return restrictionOf(state, provider, await loadSecurity(deps.db), deps.clock.now()).restricted;
}

function restrictionOf(state: SignInState, provider: string, security: SecuritySettings, now: Date): Verdict {
  if (provider === "password") {
    if (Number(state.must_change_password) === 1) return { restricted: "password_change", reason: "password_change_required" };
    if (isPasswordExpired(state.password_changed_at, passwordPolicyOf(security), now)) {
      return { restricted: "password_change", reason: "expired_password" };
    }
  }
  if (Number(state.mfa_demanded) === 1 && Number(state.mfa_enabled) !== 1) return { restricted: "mfa_setup", reason: "mfa_setup_required" };
  return { restricted: null, reason: null };
}

/** 1 when any of the user's roles (alias `u`) demands MFA. */
export const MFA_DEMANDED_SQL = `CASE WHEN EXISTS (
  SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.mfa_required = 1
) THEN 1 ELSE 0 END AS mfa_demanded`;

async function loadSignInState(deps: IamDeps, userId: string): Promise<SignInState> {
  const row = await deps.db.get<SignInState>(
    `SELECT u.must_change_password, u.password_changed_at, u.mfa_enabled, ${MFA_DEMANDED_SQL} FROM users u WHERE u.id = ?`,
    [userId],
  );
  return row ?? { must_change_password: 0, password_changed_at: null, mfa_enabled: 0, mfa_demanded: 0 };
}
