import { addMs, iso } from "../../../platform/clock.ts";
import { newId, randomToken, sha256 } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { loadSecurity, type SecuritySettings } from "../settings/index.ts";
import { signAccess } from "./tokens.ts";

export type Restriction = "password_change" | "mfa_setup";

export type TokenPair = {
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
  session_id: string;
};

export type SessionStart = {
  userId: string;
  provider: string;
  ip: string | null;
  userAgent: string | null;
  restricted?: Restriction;
};

/** What a token pair is issued for; `expires_at` is the session's absolute end. */
export type SessionRef = { id: string; user_id: string; restricted: string | null; expires_at: string };

/**
 * A session is a refresh-token family with an absolute end (refresh_token_days after sign-in)
 * and an idle limit (idle_timeout_minutes since the last authenticated request).
 */
export function activeSessionSql(alias = "sessions"): string {
  return `${alias}.revoked_at IS NULL AND ${alias}.expires_at > ? AND ${alias}.last_seen_at > ?`;
}

export function activeSessionParams(now: Date, security: SecuritySettings): string[] {
  return [iso(now), iso(addMs(now, -security.idle_timeout_minutes * 60_000))];
}

/** Opens a session and issues its first pair; past max_sessions_per_user the oldest ones end. */
export async function startSession(deps: IamDeps, s: SessionStart): Promise<TokenPair> {
  const { db, clock } = deps;
  return db.tx(async () => {
    const now = clock.now();
    const security = await loadSecurity(db);
    await endStaleSessions(deps, s.userId, now, security);
    await endOldestSessions(deps, s.userId, security.max_sessions_per_user - 1);
    const session: SessionRef = {
      id: newId(), user_id: s.userId, restricted: s.restricted ?? null,
      expires_at: iso(addMs(now, security.refresh_token_days * 86_400_000)),
    };
    await insertRow(db, "sessions", {
      ...session, provider: s.provider, ip: s.ip, user_agent: s.userAgent?.slice(0, 500) ?? null,
      device: deviceOf(s.userAgent), created_at: iso(now), last_seen_at: iso(now),
    });
    return issuePair(deps, session);
  });
}

/** A new access token and refresh token for the session; `refreshId` when the caller chose it (rotation). */
export async function issuePair(deps: IamDeps, session: SessionRef, refreshId = newId()): Promise<TokenPair> {
  const { db, clock, jwtKey } = deps;
  const now = clock.now();
  const security = await loadSecurity(db);
  const refresh = randomToken();
  const wanted = addMs(now, security.refresh_token_days * 86_400_000).getTime();
  const expires = new Date(Math.min(wanted, Date.parse(session.expires_at)));
  await insertRow(db, "refresh_tokens", {
    id: refreshId, session_id: session.id, token_hash: sha256(refresh), created_at: iso(now), expires_at: iso(expires),
  });
  const rst = (session.restricted ?? undefined) as Restriction | undefined;
  const access = await signAccess(jwtKey, { sub: session.user_id, sid: session.id, rst }, now, security.access_token_minutes * 60);
  return { access_token: access.token, refresh_token: refresh, token_type: "Bearer", expires_in: access.expiresIn, session_id: session.id };
}

/**
 * Fresh tokens for the current session after its restriction changed (password changed,
 * MFA bound). The session's earlier refresh tokens are retired: presenting one again counts
 * as reuse and ends the session.
 */
export async function reissueSession(deps: IamDeps, sessionId: string, restricted: Restriction | null): Promise<TokenPair> {
  const { db, clock } = deps;
  return db.tx(async () => {
    await db.run("UPDATE sessions SET restricted = ? WHERE id = ?", [restricted, sessionId]);
    await db.run("UPDATE refresh_tokens SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL", [iso(clock.now()), sessionId]);
    const session = await db.get<SessionRef>("SELECT id, user_id, restricted, expires_at FROM sessions WHERE id = ?", [sessionId]);
    return issuePair(deps, session!);
  });
}

export async function revokeSession(deps: IamDeps, sessionId: string, reason: string): Promise<void> {
  const now = iso(deps.clock.now());
  await deps.db.tx(async () => {
    await deps.db.run("UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL", [now, reason, sessionId]);
    await deps.db.run("UPDATE refresh_tokens SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL", [now, sessionId]);
  });
}

/** Ends every open session of the user (but `exceptSessionId`); returns the ids ended. */
export async function revokeUserSessions(deps: IamDeps, userId: string, reason: string, exceptSessionId?: string | null): Promise<string[]> {
  const { db } = deps;
  return db.tx(async () => {
    const rows = await db.all<{ id: string }>(
      "SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND id <> ?",
      [userId, exceptSessionId ?? ""],
    );
    for (const r of rows) await revokeSession(deps, r.id, reason);
    return rows.map((r) => r.id);
  });
}

/** Idle or past their end but not yet marked: mark them, so they neither count nor show. */
async function endStaleSessions(deps: IamDeps, userId: string, now: Date, security: SecuritySettings): Promise<void> {
  const [nowIso, idleCutoff] = activeSessionParams(now, security);
  const stale = await deps.db.all<{ id: string; expires_at: string }>(
    "SELECT id, expires_at FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND (expires_at <= ? OR last_seen_at <= ?)",
    [userId, nowIso, idleCutoff],
  );
  for (const s of stale) await revokeSession(deps, s.id, s.expires_at <= nowIso! ? "expired" : "idle");
}

async function endOldestSessions(deps: IamDeps, userId: string, keep: number): Promise<void> {
  const open = await deps.db.all<{ id: string }>(
    "SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
    [userId],
  );
  for (const s of open.slice(Math.max(0, keep))) await revokeSession(deps, s.id, "session_limit");
}

/** A short label for the sessions list ("Chrome / macOS"); the raw user agent is kept too. */
export function deviceOf(ua: string | null | undefined): string | null {
  if (!ua) return null;
  const browser = firstMatch(ua, BROWSERS);
  const os = firstMatch(ua, SYSTEMS);
  if (!browser && !os) return ua.slice(0, 60);
  return [browser, os].filter(Boolean).join(" / ");
}

// Order matters: in-app browsers and Edge also claim Chrome and Safari; iOS claims "Mac OS X".
const BROWSERS: Array<[RegExp, string]> = [
  [/Feishu|Lark/, "Feishu"], [/DingTalk/, "DingTalk"], [/Edg\//, "Edge"], [/Firefox\//, "Firefox"], [/Chrome\//, "Chrome"], [/Safari\//, "Safari"],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/Android/, "Android"], [/iPhone|iPad|iOS/, "iOS"], [/Mac OS X/, "macOS"], [/Windows/, "Windows"], [/Linux/, "Linux"],
];

function firstMatch(ua: string, table: Array<[RegExp, string]>): string | null {
  return table.find(([re]) => re.test(ua))?.[1] ?? null;
}
