import { currentContext } from "../../platform/context.ts";
import { iso } from "../../platform/clock.ts";
import type { IamDeps } from "./iam.deps.ts";
import { startSession, type TokenPair } from "./sessions.ts";

export type LoginResult = (TokenPair & { password_change_required: boolean; mfa_setup_required: boolean }) | { mfa_required: true; mfa_token: string };

export type VerifiedUser = { id: string; username: string; must_change_password: number };

/**
 * What every sign-in does once the credentials are proven, whatever the provider
 * (password, LDAP, OIDC): MFA challenge or session start, restrictions, login log.
 * The seam between the password flow (auth.service.ts) and SSO (sso/).
 */
export async function finishLogin(deps: IamDeps, user: VerifiedUser, provider: string): Promise<LoginResult> {
  const ctx = currentContext();
  const restricted = user.must_change_password ? "password_change" : undefined;
  const pair = await startSession(deps, { userId: user.id, provider, ip: ctx?.ip ?? null, userAgent: ctx?.userAgent ?? null, restricted });
  await deps.db.run("UPDATE users SET last_login_at = ?, last_login_ip = ?, failed_count = 0 WHERE id = ?", [iso(deps.clock.now()), ctx?.ip ?? null, user.id]);
  await deps.audit.recordLogin({ username: user.username, userId: user.id, provider, success: true, sessionId: pair.session_id, ctx });
  return { ...pair, password_change_required: restricted === "password_change", mfa_setup_required: false };
}
