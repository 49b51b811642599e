import { unauthenticated, type UserActor } from "@ops/shared";
import { iso } from "../../platform/clock.ts";
import type { IamDeps } from "./iam.deps.ts";
import { loadSecurity } from "./settings.ts";
import { ACTOR_USER_COLUMNS, actorOf, type ActorUserRow } from "./actor-of.ts";
import { revokeSession } from "./sessions.ts";
import { verifyToken, type AccessClaims } from "./tokens.ts";

/** last_seen_at is written at most this often, so reads stay reads */
const TOUCH_EVERY_MS = 30_000;

type SessionRow = { id: string; user_id: string; last_seen_at: string; expires_at: string; revoked_at: string | null; restricted: string | null };

/**
 * Bearer access token → Actor. The session is checked on every request so that logout,
 * kick, idle timeout and password change take effect at once, not when the JWT expires.
 */
export function createAuthenticator(deps: IamDeps) {
  const { db, clock, jwtKey } = deps;
  return async function authenticate(token: string): Promise<UserActor> {
    const now = clock.now();
    const claims = await verifyToken<AccessClaims>(jwtKey, token, "access", now);
    const session = await db.get<SessionRow>("SELECT id, user_id, last_seen_at, expires_at, revoked_at, restricted FROM sessions WHERE id = ?", [claims.sid]);
    if (!session || session.revoked_at || session.user_id !== claims.sub) throw unauthenticated("auth.session_ended");
    const security = await loadSecurity(db);
    const idle = now.getTime() - Date.parse(session.last_seen_at) > security.idle_timeout_minutes * 60_000;
    if (idle || Date.parse(session.expires_at) <= now.getTime()) {
      await revokeSession(deps, session.id, idle ? "idle" : "expired");
      throw unauthenticated("auth.session_ended");
    }
    if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) {
      await db.run("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [iso(now), session.id]);
    }
    const user = await db.get<ActorUserRow>(`SELECT ${ACTOR_USER_COLUMNS} FROM users WHERE id = ?`, [claims.sub]);
    if (!user || user.deleted_at || user.status !== "active") throw unauthenticated("auth.session_ended");
    return actorOf(db, user, {
      sessionId: session.id,
      // Either source restricts: the claim for tokens issued before a change, the session for refreshes.
      restricted: claims.rst ?? restrictionOf(session.restricted),
    });
  };
}

function restrictionOf(value: string | null): UserActor["restricted"] {
  return value === "password_change" || value === "mfa_setup" ? value : undefined;
}
