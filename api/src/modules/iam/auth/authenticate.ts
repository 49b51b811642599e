import { unauthenticated, type Locale, type UserActor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import type { IamDeps } from "../iam.deps.ts";
import { iamCacheFor, permissionsOfRoles, rememberVersions } from "../settings/index.ts";
import { lookupSession, revokeSession, verifyToken, type AccessClaims } from "../sessions/index.ts";
import { API_TOKEN_PREFIX, createTokenVerifier } from "../tokens/index.ts";
import { createActorCache } from "./actor-cache.ts";

/** last_seen_at is written at most this often, so reads stay reads */
const TOUCH_EVERY_MS = 30_000;

/**
 * Bearer access token → Actor, in one round trip: the cache versions when this process holds the session's actor
 * (auth/actor-cache.ts), else the session statement (sessions/session-lookup.ts), with role permissions and settings
 * from the versioned cache (settings/iam-cache.ts).
 */
export function createAuthenticator(deps: IamDeps) {
  const { db, clock, jwtKey } = deps;
  const cache = iamCacheFor(db);
  const touches = touchLimiter();
  const apiTokens = createTokenVerifier(deps);
  const actors = createActorCache();
  const touch = async (sessionId: string, lastSeen: number, now: Date) => {
    if (!touches.due(sessionId, lastSeen, now.getTime())) return false;
    await db.run("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [iso(now), sessionId]);
    return true;
  };
  return async function authenticate(token: string, request?: { path: string; method: string }): Promise<UserActor> {
    // API tokens (iam/tokens) have their own verifier; a session token pays only this prefix test.
    if (token.startsWith(API_TOKEN_PREFIX)) return apiTokens(token, request);
    const now = clock.now();
    const claims = await verifyToken<AccessClaims>(jwtKey, token, "access", now);
    // The copy of this session's actor when nothing it depends on changed (auth/actor-cache.ts): one small query.
    // Inside a transaction nothing is served from a copy (it may see its own change).
    if (!db.inTx()) {
      const versions = await cache.versions();
      const hit = actors.get(claims.sid, token, versions, now.getTime());
      if (hit) {
        if (await touch(claims.sid, hit.lastSeenMs, now)) hit.lastSeenMs = now.getTime();
        return hit.actor;
      }
    }
    const session = await lookupSession(db, claims.sid);
    if (!session || session.revokedAt || session.userId !== claims.sub) {
      actors.forget(claims.sid);
      throw unauthenticated("auth.session_ended");
    }
    const { versions, user } = session;
    const security = await cache.security(versions.security);
    let lastSeen = Date.parse(session.lastSeenAt);
    const idleMs = security.idle_timeout_minutes * 60_000;
    const expiresMs = Date.parse(session.expiresAt);
    const idle = now.getTime() - lastSeen > idleMs;
    if (idle || expiresMs <= now.getTime()) {
      actors.forget(claims.sid);
      await revokeSession(deps, claims.sid, idle ? "idle" : "expired");
      throw unauthenticated("auth.session_ended");
    }
    if (await touch(claims.sid, lastSeen, now)) lastSeen = now.getTime();
    if (!user || user.deletedAt || user.status !== "active") {
      actors.forget(claims.sid);
      throw unauthenticated("auth.session_ended");
    }
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
    if (!db.inTx()) actors.set(claims.sid, { token, actor, versions, lastSeenMs: lastSeen, expiresMs, idleMs });
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
