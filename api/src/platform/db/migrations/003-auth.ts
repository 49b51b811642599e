import type { Migration } from "../migrate.ts";

/**
 * Auth additions. `sessions.restricted` keeps a forced password change or MFA binding on the
 * session itself, so a refresh cannot shed it. The nonce columns make single use checkable
 * on both engines without affected-row counts: a conditional UPDATE writes a fresh nonce and
 * only the request that reads its own nonce back has won (refresh rotation, TOTP steps,
 * recovery codes).
 */
export const m003Auth: Migration = {
  version: 3,
  name: "auth",
  statements: () => [
    "ALTER TABLE sessions ADD COLUMN restricted TEXT",
    "CREATE INDEX sessions_active ON sessions(revoked_at, last_seen_at)",
    "ALTER TABLE refresh_tokens ADD COLUMN replaced_by TEXT",
    "ALTER TABLE users ADD COLUMN mfa_last_step INTEGER",
    "ALTER TABLE users ADD COLUMN mfa_step_nonce TEXT",
    "ALTER TABLE mfa_recovery_codes ADD COLUMN used_nonce TEXT",
  ],
};
