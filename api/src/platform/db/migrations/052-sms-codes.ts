import type { Migration } from "../migrate.ts";

/**
 * SMS verification codes (iam/sms): sign-in by phone, SMS as a second factor, and proving a phone before it becomes
 * one. A code is kept only as an HMAC; it expires, is used once and dies after a few wrong tries. `users.mfa_sms`
 * marks the SMS factor on (`mfa_enabled` stays "some second factor is on": TOTP, SMS or both).
 */
export const m052SmsCodes: Migration = {
  version: 52,
  name: "sms-codes",
  statements: () => [
    `CREATE TABLE sms_codes (
      id TEXT PRIMARY KEY,
      purpose TEXT NOT NULL,
      user_id TEXT NOT NULL,
      phone TEXT NOT NULL,
      code_hash TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      expires_at TEXT NOT NULL,
      used_at TEXT,
      ip TEXT,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX sms_codes_user ON sms_codes (user_id, purpose, created_at)",
    "ALTER TABLE users ADD COLUMN mfa_sms INTEGER NOT NULL DEFAULT 0",
  ],
};
