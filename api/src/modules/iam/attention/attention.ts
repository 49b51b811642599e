import type { UserActor } from "@ops/shared";
import { addMs, iso } from "../../../platform/clock.ts";
import { Where } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createScopeFilter } from "../access/index.ts";
import { passwordExpiresAt, passwordPolicyOf } from "../auth/index.ts";
import { loadSecurity } from "../settings/index.ts";

/** A user an administrator should act on, as the home workbench lists them. */
export type AttentionUser = {
  id: string;
  username: string;
  display_name: string;
  /** locked: until when; not signed in: when the account was created */
  at: string | null;
  must_change_password: boolean;
  never_signed_in: boolean;
};

export type AttentionList = { total: number; items: AttentionUser[] };

/** The signed-in user's own security state, for the workbench's notices. */
export type SecurityStatus = {
  mfa_enabled: boolean;
  /** null: no local password (SSO only) or passwords never expire */
  password_expires_at: string | null;
  /** sessions of this user still active on other devices */
  other_sessions: number;
};

type Row = { id: string; username: string; display_name: string; at: string | null; must_change_password: number; last_login_at: string | null };

/**
 * What needs an administrator's or the user's attention in IAM: accounts locked out, accounts
 * never signed in, and one's own security state. Lists are limited to the actor's data scope.
 */
export function createAttention(deps: IamDeps) {
  const { db, clock } = deps;
  const scope = createScopeFilter(db);

  async function users(actor: UserActor, where: Where, orderBy: string, at: string, limit: number): Promise<AttentionList> {
    where.add("u.deleted_at IS NULL").add("u.id <> ?", actor.userId);
    where.fragment(await scope(actor, { dept: "u.dept_id", owner: "u.id" }));
    const count = await db.get<{ c: number | string }>(`SELECT CAST(COUNT(*) AS INTEGER) AS c FROM users u ${where.sql}`, where.params);
    const rows = await db.all<Row>(
      `SELECT u.id, u.username, u.display_name, ${at} AS at, u.must_change_password, u.last_login_at FROM users u ${where.sql} ORDER BY ${orderBy}, u.id LIMIT ?`,
      [...where.params, limit],
    );
    return {
      total: Number(count?.c ?? 0),
      items: rows.map((r) => ({
        id: r.id, username: r.username, display_name: r.display_name, at: r.at,
        must_change_password: Number(r.must_change_password) === 1, never_signed_in: r.last_login_at === null,
      })),
    };
  }

  return {
    /** accounts locked out by wrong passwords now, the lock ending last first */
    lockedUsers: (actor: UserActor, limit = 5) =>
      users(actor, new Where().add("u.locked_until > ?", iso(clock.now())), "u.locked_until DESC", "u.locked_until", limit),
    /** active accounts nobody has signed in to yet, or still waiting for their first password change; newest first */
    pendingUsers: (actor: UserActor, limit = 5) =>
      users(actor, new Where().add("u.status = 'active'").add("(u.last_login_at IS NULL OR u.must_change_password = 1)"), "u.created_at DESC", "u.created_at", limit),
    async securityOf(actor: UserActor): Promise<SecurityStatus> {
      const row = await db.get<{ mfa_enabled: number; has_password: number; password_changed_at: string | null }>(
        "SELECT mfa_enabled, CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password, password_changed_at FROM users WHERE id = ?",
        [actor.userId],
      );
      const security = await loadSecurity(db);
      const now = clock.now();
      // Users without a local password (SSO only) have nothing to expire.
      const expires = row && Number(row.has_password) === 1 ? passwordExpiresAt(row.password_changed_at, passwordPolicyOf(security)) : null;
      // Active as the session list counts it: not revoked, not past its end, not idle too long.
      const others = await db.get<{ c: number | string }>(
        `SELECT CAST(COUNT(*) AS INTEGER) AS c FROM sessions s
         WHERE s.user_id = ? AND s.id <> ? AND s.revoked_at IS NULL AND s.expires_at > ? AND s.last_seen_at > ?`,
        [actor.userId, actor.sessionId ?? "", iso(now), iso(addMs(now, -security.idle_timeout_minutes * 60_000))],
      );
      return { mfa_enabled: Number(row?.mfa_enabled) === 1, password_expires_at: expires ? iso(expires) : null, other_sessions: Number(others?.c ?? 0) };
    },
  };
}

export type Attention = ReturnType<typeof createAttention>;
