import { iso } from "../../../platform/clock.ts";
import { newId, sha256 } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";

/**
 * One-time recovery codes for a lost authenticator. Ten codes of ten characters from an
 * alphabet without look-alikes (about 49 bits each): enough entropy that a salted SHA-256
 * is a sound way to keep them, and lockout bounds online guessing.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function newCode(): string {
  const bytes = crypto.getRandomValues(new Uint32Array(10));
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]!);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

const normalize = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");
const hashOf = (userId: string, code: string) => sha256(`mfa-recovery:${userId}:${normalize(code)}`);

/** Replaces the user's codes with fresh ones and returns them; they are shown once. */
export async function replaceRecoveryCodes(deps: IamDeps, userId: string): Promise<string[]> {
  const { db, clock } = deps;
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await db.tx(async () => {
    await db.run("DELETE FROM mfa_recovery_codes WHERE user_id = ?", [userId]);
    const now = iso(clock.now());
    for (const code of codes) await insertRow(db, "mfa_recovery_codes", { id: newId(), user_id: userId, code_hash: hashOf(userId, code), created_at: now });
  });
  return codes;
}

export async function deleteRecoveryCodes(deps: IamDeps, userId: string): Promise<void> {
  await deps.db.run("DELETE FROM mfa_recovery_codes WHERE user_id = ?", [userId]);
}

/** Marks an unused matching code used; true only for the one request that did so. */
export async function consumeRecoveryCode(deps: IamDeps, userId: string, code: string): Promise<boolean> {
  const { db, clock } = deps;
  if (normalize(code).length !== 10) return false;
  const nonce = newId();
  const hash = hashOf(userId, code);
  await db.run("UPDATE mfa_recovery_codes SET used_at = ?, used_nonce = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL", [
    iso(clock.now()), nonce, userId, hash,
  ]);
  const row = await db.get("SELECT id FROM mfa_recovery_codes WHERE user_id = ? AND code_hash = ? AND used_nonce = ?", [userId, hash, nonce]);
  return row !== undefined;
}

export async function remainingRecoveryCodes(deps: IamDeps, userId: string): Promise<number> {
  const row = await deps.db.get<{ c: number | string }>(
    "SELECT CAST(COUNT(*) AS INTEGER) AS c FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL",
    [userId],
  );
  return Number(row?.c ?? 0);
}
