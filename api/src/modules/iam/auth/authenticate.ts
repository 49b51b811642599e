import { unauthenticated, type Locale, type UserActor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import type { IamDeps } from "../iam.deps.ts";
import { iamCacheFor, permissionsOfRoles, rememberVersions } from "../settings/index.ts";
import { lookupSession, revokeSession, verifyToken, type AccessClaims } from "../sessions/index.ts";
import { API_TOKEN_PREFIX, createTokenVerifier } from "../tokens/index.ts";

/** last_seen_at is written at most this often, so reads stay reads */
const TOUCH_EVERY_MS = 30_000;

/**
 * Bearer access token → Actor, in one round trip (sessions/session-lookup.ts); role permissions and
 * settings come from the versioned cache (settings/iam-cache.ts).
 */
export function createAuthenticator(deps: IamDeps) {
  const { db, clock, jwtKey } = deps;
  const cache = iamCacheFor(db);
  const touches = touchLimiter();
  const apiTokens = createTokenVerifier(deps);
  return async function authenticate(token: string, request?: { path: string; method: string }): Promise<UserActor> {
    // API tokens (iam/tokens) have their own verifier; a session token pays only this prefix test.
    if (token.startsWith(API_TOKEN_PREFIX)) return apiTokens(token, request);
    const now = clock.now();
    const claims = await verifyToken<AccessClaims>(jwtKey, token, "access", now);
    const session = await lookupSession(db, claims.sid);
    if (!session || session.revokedAt || session.userId !== claims.sub) throw unauthenticated("auth.session_ended");
    const { versions, user } = session;
    const security = await cache.security(versions.security);
    const lastSeen = Date.parse(session.lastSeenAt);
    const idle = now.getTime() - lastSeen > security.idle_timeout_minutes * 60_000;
    if (idle || Date.parse(session.expiresAt) <= now.getTime()) {
      await revokeSession(deps, claims.sid, idle ? "idle" : "expired");
      throw unauthenticated("auth.session_ended");
    }
    if (touches.due(claims.sid, lastSeen, now.getTime())) {
      await db.run("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [iso(now), claims.sid]);
    }
    if (!user || user.deletedAt || user.status !== "active") throw unauthenticated("auth.session_ended");
    const roles = await cache.roles(versions.roles);
    const roleIds = session.roleIds.filter((id) => roles.has(id));
    const actor: UserActor = {
      kind: "user",
      userId: session.userId,
      username: user.username,
      displayName: user.displayName,
      deptId: user.deptId,
      roleIds,
      permissions: permissionsOfRoles(roles, roleIds),
      locale: (user.locale === "en" ? "en" : "zh-CN") as Locale,
      sessionId: claims.sid,
      // Either source restricts: the claim for tokens issued before a change, the session for refreshes.
      restricted: claims.rst ?? restrictionOf(session.restricted),
    };
    rememberVersions(actor, versions);
    return actor;
  };
}

/**
 * Whether this request should write last_seen_at: the stored value is older than TOUCH_EVERY_MS and
 * no other request of this process is already writing it. Without the second condition every
 * request in flight at that moment (a page firing twenty calls, a busy bot) updated the same row
 * at once and queued on its lock.
 */
function touchLimiter(maxSessions = 50_000) {
  const lastTouch = new Map<string, number>();
  return {
    due(sessionId: string, lastSeen: number, now: number): boolean {
      const last = Math.max(lastSeen, lastTouch.get(sessionId) ?? 0);
      if (now - last <= TOUCH_EVERY_MS) return false;
      if (lastTouch.size >= maxSessions) lastTouch.clear();
      lastTouch.set(sessionId, now);
      return true;
    },
  };
}

function restrictionOf(value: string | null): UserActor["restricted"] {
  return value === "password_change" || value === "mfa_setup" ? value : undefined;
}
