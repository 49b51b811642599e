import { unauthenticated, type Locale, type UserActor } from "@ops/shared";
import { iso } from "../../platform/clock.ts";
import type { IamDeps } from "./iam.deps.ts";
import { VERSION_COLUMNS, iamCacheFor, permissionsOfRoles, rememberVersions, versionsOfRow, type VersionRow } from "./iam-cache.ts";
import { revokeSession } from "./sessions.ts";
import { verifyToken, type AccessClaims } from "./tokens.ts";

/** last_seen_at is written at most this often, so reads stay reads */
const TOUCH_EVERY_MS = 30_000;

type SessionUserRow = VersionRow & {
  user_id: string; last_seen_at: string; expires_at: string; revoked_at: string | null; restricted: string | null;
  username: string; display_name: string; dept_id: string | null; status: string; locale: string; deleted_at: string | null;
  role_id: string | null;
};

/**
 * One round trip per request: the session, its user, the user's role ids (one row per role) and
 * the cache versions. Session, user and role grants are read every time, so logout, kick, idle
 * timeout, a disabled user or a changed role assignment take effect on the next request; role
 * permissions and settings come from the versioned cache (iam-cache.ts).
 */
const SESSION_SQL = `SELECT s.user_id, s.last_seen_at, s.expires_at, s.revoked_at, s.restricted,
    u.username, u.display_name, u.dept_id, u.status, u.locale, u.deleted_at, ur.role_id, ${VERSION_COLUMNS}
  FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN user_roles ur ON ur.user_id = s.user_id
  WHERE s.id = ?`;

/** Bearer access token → Actor. */
export function createAuthenticator(deps: IamDeps) {
  const { db, clock, jwtKey } = deps;
  const cache = iamCacheFor(db);
  const touches = touchLimiter();
  return async function authenticate(token: string): Promise<UserActor> {
    const now = clock.now();
    const claims = await verifyToken<AccessClaims>(jwtKey, token, "access", now);
    const rows = await db.all<SessionUserRow>(SESSION_SQL, [claims.sid]);
    const row = rows[0];
    if (!row || row.revoked_at || row.user_id !== claims.sub) throw unauthenticated("auth.session_ended");
    const versions = versionsOfRow(row);
    const security = await cache.security(versions.security);
    const idle = now.getTime() - Date.parse(row.last_seen_at) > security.idle_timeout_minutes * 60_000;
    if (idle || Date.parse(row.expires_at) <= now.getTime()) {
      await revokeSession(deps, claims.sid, idle ? "idle" : "expired");
      throw unauthenticated("auth.session_ended");
    }
    if (touches.due(claims.sid, Date.parse(row.last_seen_at), now.getTime())) {
      await db.run("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [iso(now), claims.sid]);
    }
    if (row.deleted_at || row.status !== "active") throw unauthenticated("auth.session_ended");
    const roles = await cache.roles(versions.roles);
    const roleIds = rows.flatMap((r) => (r.role_id && roles.has(r.role_id) ? [r.role_id] : []));
    const actor: UserActor = {
      kind: "user",
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      deptId: row.dept_id,
      roleIds,
      permissions: permissionsOfRoles(roles, roleIds),
      locale: (row.locale === "en" ? "en" : "zh-CN") as Locale,
      sessionId: claims.sid,
      // Either source restricts: the claim for tokens issued before a change, the session for refreshes.
      restricted: claims.rst ?? restrictionOf(row.restricted),
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
