import { addMs, iso } from "../../platform/clock.ts";
import { newId, randomToken, sha256 } from "../../platform/crypto.ts";
import { insertRow } from "../../platform/db/query.ts";
import type { IamDeps } from "./iam.deps.ts";
import { loadSecurity } from "./settings.ts";
import { signAccess } from "./tokens.ts";

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
  restricted?: "password_change" | "mfa_setup";
};

/** Opens a session (a refresh-token family) and issues its first token pair. */
export async function startSession(deps: IamDeps, s: SessionStart): Promise<TokenPair> {
  const { db, clock } = deps;
  const now = clock.now();
  const security = await loadSecurity(db);
  const sessionId = newId();
  const expires = addMs(now, security.refresh_token_days * 86_400_000);
  await insertRow(db, "sessions", {
    id: sessionId, user_id: s.userId, provider: s.provider, ip: s.ip, user_agent: s.userAgent?.slice(0, 500) ?? null,
    device: deviceOf(s.userAgent), created_at: iso(now), last_seen_at: iso(now), expires_at: iso(expires),
  });
  return issuePair(deps, sessionId, s.userId, s.restricted);
}

export async function issuePair(
  deps: IamDeps,
  sessionId: string,
  userId: string,
  restricted?: "password_change" | "mfa_setup",
): Promise<TokenPair> {
  const { db, clock, jwtKey } = deps;
  const now = clock.now();
  const security = await loadSecurity(db);
  const refresh = randomToken();
  await insertRow(db, "refresh_tokens", {
    id: newId(), session_id: sessionId, token_hash: sha256(refresh), created_at: iso(now),
    expires_at: iso(addMs(now, security.refresh_token_days * 86_400_000)),
  });
  const access = await signAccess(jwtKey, { sub: userId, sid: sessionId, rst: restricted }, now, security.access_token_minutes * 60);
  return { access_token: access.token, refresh_token: refresh, token_type: "Bearer", expires_in: access.expiresIn, session_id: sessionId };
}

export async function revokeSession(deps: IamDeps, sessionId: string, reason: string): Promise<void> {
  const now = iso(deps.clock.now());
  await deps.db.run("UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL", [now, reason, sessionId]);
  await deps.db.run("UPDATE refresh_tokens SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL", [now, sessionId]);
}

/** A short label for the sessions list ("Chrome on macOS"); the raw user agent is kept too. */
export function deviceOf(ua: string | null | undefined): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? "Edge" : /Chrome\//.test(ua) ? "Chrome" : /Firefox\//.test(ua) ? "Firefox" : /Safari\//.test(ua) ? "Safari" : /Feishu|Lark/.test(ua) ? "Feishu" : /DingTalk/.test(ua) ? "DingTalk" : null;
  const os = /Android/.test(ua) ? "Android" : /iPhone|iPad|iOS/.test(ua) ? "iOS" : /Mac OS X/.test(ua) ? "macOS" : /Windows/.test(ua) ? "Windows" : /Linux/.test(ua) ? "Linux" : null;
  if (!browser && !os) return ua.slice(0, 60);
  return [browser, os].filter(Boolean).join(" / ");
}
