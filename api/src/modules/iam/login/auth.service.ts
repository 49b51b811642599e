import { badRequest, forbidden, unauthenticated } from "@ops/shared";
import { currentContext, noteAudit } from "../../../platform/context.ts";
import { iso } from "../../../platform/clock.ts";
import { newId, randomToken, sha256 } from "../../../platform/crypto.ts";
import type { IamDeps } from "../iam.deps.ts";
import {
  clearSignInLimit, limitRefresh, limitSignIn, lockError, recordFailure, createGhostLocks, hashPassword,
  verifyPassword, finishLogin, tokenData, type LoginResult, type TokenData,
} from "../auth/index.ts";
import { issuePair, revokeSession, type SessionRef } from "../sessions/index.ts";
import { loadSecurity } from "../settings/index.ts";
import { createLdapLogin } from "../sso/index.ts";

type LoginUser = {
  id: string; username: string; password_hash: string | null; status: string; must_change_password: number; locked_until: string | null;
};
type RefreshRow = SessionRef & {
  token_id: string; used_at: string | null; token_revoked_at: string | null; token_expires_at: string;
  session_revoked_at: string | null; last_seen_at: string;
};

/** Password login (or dispatch to LDAP), refresh rotation with reuse detection, logout. */
export function createAuthService(deps: IamDeps) {
  const { db, clock, audit } = deps;
  const ldapLogin = createLdapLogin(deps);
  // Unknown usernames are checked against this hash so they take as long as known ones.
  let decoy: Promise<string> | undefined;
  const decoyHash = () => (decoy ??= hashPassword(randomToken()));
  const ghosts = createGhostLocks(deps.limiter);

  async function login(username: string, password: string, provider = "password"): Promise<LoginResult> {
    const ctx = currentContext();
    const ip = ctx?.ip ?? null;
    const log = (reason: string, userId?: string) => {
      if (userId) noteAudit({ resourceType: "user", resourceId: userId });
      return audit.recordLogin({ username, userId, provider, success: false, reason, ctx });
    };
    if (provider !== "password" && !(provider === "ldap" && ldapLogin)) {
      throw badRequest("iam.unknown_provider", [{ field: "provider", message: "iam.unknown_provider" }]);
    }
    const security = await loadSecurity(db);
    const user = provider === "password" ? await findUser(username) : undefined;
    // The lock is answered before any rate limit, so its owner learns when to come back.
    const lockedUntil = user ? user.locked_until : provider === "password" ? await ghosts.lockedUntil(username, clock.now()) : null;
    const lockedNow = lockError({ locked_until: lockedUntil }, clock.now());
    if (lockedNow) return refuse(lockedNow, () => log(user ? "locked" : "unknown_user", user?.id));
    try {
      await limitSignIn(deps, security, "login", ip, username);
    } catch (e) {
      return refuse(e, () => log("rate_limited", user?.id));
    }
    if (provider === "ldap") return ldapLogin!(username, password);
    const valid = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
    if (!user) {
      const ghostLock = await ghosts.fail(username, clock.now(), security);
      const error = ghostLock ? lockError({ locked_until: ghostLock }, clock.now()) : null;
      return refuse(error ?? unauthenticated("iam.invalid_credentials"), () => log("unknown_user"));
    }
    if (!valid) {
      const lockedByThis = await recordFailure(deps, user.id);
      return refuse(lockedByThis ?? unauthenticated("iam.invalid_credentials"), () => log("bad_password", user.id));
    }
    if (user.status !== "active") return refuse(forbidden("iam.account_disabled"), () => log("disabled", user.id));
    await clearSignInLimit(deps, "login", ip, username);
    return finishLogin(deps, user, "password");
  }

  async function findUser(username: string): Promise<LoginUser | undefined> {
    return db.get<LoginUser>(
      "SELECT id, username, password_hash, status, must_change_password, locked_until FROM users WHERE username = ? AND deleted_at IS NULL",
      [username],
    );
  }

  async function refresh(token: string): Promise<TokenData> {
    const now = clock.now();
    const security = await loadSecurity(db);
    await limitRefresh(deps, security, currentContext()?.ip ?? null);
    const row = await db.get<RefreshRow>(
      `SELECT t.id AS token_id, t.used_at, t.revoked_at AS token_revoked_at, t.expires_at AS token_expires_at,
         s.id, s.user_id, s.restricted, s.expires_at, s.revoked_at AS session_revoked_at, s.last_seen_at
       FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?`,
      [sha256(token)],
    );
    if (!row) throw unauthenticated("auth.token_invalid");
    if (row.session_revoked_at) throw unauthenticated("auth.session_ended");
    if (row.used_at || row.token_revoked_at) return endFamily(row.id);
    if (Date.parse(row.token_expires_at) <= now.getTime() || Date.parse(row.expires_at) <= now.getTime()) {
      await revokeSession(deps, row.id, "expired");
      throw unauthenticated("auth.session_ended");
    }
    if (now.getTime() - Date.parse(row.last_seen_at) > security.idle_timeout_minutes * 60_000) {
      await revokeSession(deps, row.id, "idle");
      throw unauthenticated("auth.session_ended");
    }
    const user = await db.get<{ status: string }>("SELECT status FROM users WHERE id = ? AND deleted_at IS NULL", [row.user_id]);
    if (user?.status !== "active") throw unauthenticated("auth.session_ended");
    return rotate(row);
  }

  /** Marks the token used and names its successor in one conditional write; a concurrent loser sees another successor. */
  async function rotate(row: RefreshRow): Promise<TokenData> {
    const successor = newId();
    const won = await db.tx(async () => {
      await db.run("UPDATE refresh_tokens SET used_at = ?, replaced_by = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL", [
        iso(clock.now()), successor, row.token_id,
      ]);
      const after = await db.get<{ replaced_by: string | null }>("SELECT replaced_by FROM refresh_tokens WHERE id = ?", [row.token_id]);
      return after?.replaced_by === successor ? issuePair(deps, row, successor) : null;
    });
    if (!won) return endFamily(row.id);
    const restricted = row.restricted === "password_change" || row.restricted === "mfa_setup" ? row.restricted : null;
    return tokenData(won, restricted);
  }

  /** A rotated-out token used again means it leaked: the whole session ends, its access tokens with it. */
  async function endFamily(sessionId: string): Promise<never> {
    await revokeSession(deps, sessionId, "refresh_reuse");
    noteAudit({ resourceType: "session", resourceId: sessionId, after: { revoked: "refresh_reuse" } });
    deps.logger.warn("refresh token reuse: session ended", { session_id: sessionId });
    throw unauthenticated("auth.token_invalid");
  }

  async function logout(sessionId: string): Promise<void> {
    await revokeSession(deps, sessionId, "logout");
    noteAudit({ resourceType: "session", resourceId: sessionId, after: { revoked: "logout" } });
  }

  return { login, refresh, logout };
}

/** Writes the login-log row, then throws: every refused attempt leaves its reason. */
async function refuse(error: unknown, log: () => Promise<void>): Promise<never> {
  await log();
  throw error;
}

export type AuthService = ReturnType<typeof createAuthService>;
