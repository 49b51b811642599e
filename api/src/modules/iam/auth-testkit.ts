import * as OTPAuth from "otpauth";
import type { Reply, TestSystem } from "../../testing/harness.ts";
import type { IamDeps } from "./iam.deps.ts";
import { loadSecurity, saveSecurity, type SecuritySettings } from "./settings/index.ts";

/** Test helpers for the auth suites: sign-in calls, TOTP codes on the test clock, store access. */
export const PASSWORD = "Ops@demo2026";

export function signIn(s: TestSystem, username: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Reply> {
  return s.req("POST", "/api/v1/auth/login", { body: { username, password }, headers });
}

/** Signs in and returns the token data, failing loudly on anything else. */
export async function tokensOf(s: TestSystem, username: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const r = await signIn(s, username, password, headers);
  if (r.status !== 200 || !r.body.data?.access_token) throw new Error(`sign-in ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data as { access_token: string; refresh_token: string; session_id: string; password_change_required: boolean; mfa_setup_required: boolean };
}

export const api = (s: TestSystem, method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>) =>
  s.req(method, `/api/v1${path}`, { token, body, headers });

/** The TOTP code an authenticator app would show at the test clock's time (plus `steps` periods). */
export function totpCode(secret: string, s: TestSystem, steps = 0): string {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
  return totp.generate({ timestamp: s.clock.now().getTime() + steps * 30_000 });
}

/** The parts of IamDeps the exported store functions (setUserPassword, unlockUser) use. */
export function storeDeps(s: TestSystem): IamDeps {
  return { db: s.system.db, clock: s.clock } as unknown as IamDeps;
}

export async function userIdOf(s: TestSystem, username: string): Promise<string> {
  const row = await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = ? AND deleted_at IS NULL", [username]);
  if (!row) throw new Error(`fixture: no user ${username}`);
  return row.id;
}

/** Fixture: security settings written straight to the store (the HTTP path has its own suite). */
export async function setSecurity(s: TestSystem, patch: Partial<SecuritySettings>): Promise<void> {
  const current = await loadSecurity(s.system.db);
  await saveSecurity(s.system.db, { ...current, ...patch }, null);
}

/** Login-log rows of a username, newest first (read from the store: no token to expire). */
export async function loginLogs(s: TestSystem, username: string): Promise<Array<Record<string, any>>> {
  const rows = await s.system.db.all<Record<string, any>>("SELECT * FROM login_logs WHERE username = ? ORDER BY ts DESC, id DESC", [username]);
  return rows.map((r) => ({ ...r, success: Number(r.success) === 1 }));
}
