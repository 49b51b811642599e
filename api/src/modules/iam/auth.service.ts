import { unauthenticated } from "@ops/shared";
import { currentContext } from "../../platform/context.ts";
import { iso } from "../../platform/clock.ts";
import { sha256 } from "../../platform/crypto.ts";
import type { IamDeps } from "./iam.deps.ts";
import { verifyPassword } from "./passwords.ts";
import { issuePair, revokeSession, type TokenPair } from "./sessions.ts";
import { finishLogin, type LoginResult } from "./login-flow.ts";

type LoginUser = { id: string; username: string; password_hash: string | null; status: string; must_change_password: number };

/** Password login, refresh rotation and logout. */
export function createAuthService(deps: IamDeps) {
  const { db, clock, audit } = deps;

  async function login(username: string, password: string): Promise<LoginResult> {
    const ctx = currentContext();
    const user = await db.get<LoginUser>(
      "SELECT id, username, password_hash, status, must_change_password FROM users WHERE username = ? AND deleted_at IS NULL",
      [username],
    );
    const valid = user ? await verifyPassword(password, user.password_hash) : false;
    if (!user || !valid || user.status !== "active") {
      await audit.recordLogin({ username, userId: user?.id, success: false, reason: user ? "bad_password" : "unknown_user", ctx });
      throw unauthenticated("iam.invalid_credentials");
    }
    return finishLogin(deps, user, "password");
  }

  async function refresh(token: string): Promise<TokenPair> {
    const row = await db.get<{ id: string; session_id: string; used_at: string | null; revoked_at: string | null; expires_at: string; user_id: string }>(
      "SELECT t.id, t.session_id, t.used_at, t.revoked_at, t.expires_at, s.user_id FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?",
      [sha256(token)],
    );
    if (!row) throw unauthenticated("auth.token_invalid");
    if (row.used_at || row.revoked_at) {
      // A rotated-out token used again means it leaked: end the whole family.
      await revokeSession(deps, row.session_id, "refresh_reuse");
      throw unauthenticated("auth.token_invalid");
    }
    if (Date.parse(row.expires_at) <= clock.now().getTime()) throw unauthenticated("auth.token_invalid");
    return db.tx(async () => {
      await db.run("UPDATE refresh_tokens SET used_at = ? WHERE id = ?", [iso(clock.now()), row.id]);
      return issuePair(deps, row.session_id, row.user_id);
    });
  }

  return { login, refresh, logout: (sessionId: string) => revokeSession(deps, sessionId, "logout") };
}

export type AuthService = ReturnType<typeof createAuthService>;
