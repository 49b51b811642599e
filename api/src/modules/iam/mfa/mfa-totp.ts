import * as OTPAuth from "otpauth";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";

/** TOTP (RFC 6238): SHA-1, 6 digits, 30 s steps, what every authenticator app reads. */
const ISSUER = "OPS";
const PERIOD_S = 30;

function totp(secretBase32: string, label = "user"): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD_S, secret: OTPAuth.Secret.fromBase32(secretBase32) });
}

/** 160 random bits, base32 (the size RFC 4226 recommends). */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function otpauthUrl(secretBase32: string, username: string): string {
  return totp(secretBase32, username).toString();
}

export async function qrDataUrl(text: string): Promise<string> {
  const { default: QRCode } = await import("qrcode"); // loaded on the first enrolment, not at start
  return QRCode.toDataURL(text, { errorCorrectionLevel: "M", margin: 1, width: 240 });
}

/** The time step the code belongs to (one step of clock drift either way), or null. */
export function matchTotp(secretBase32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_S) + delta;
}

/**
 * Accepts a step only if it is later than the last one accepted for this user, so a code
 * seen over someone's shoulder cannot be replayed within its window. Single winner even
 * when two requests race: each writes its own nonce and only one reads it back.
 */
export async function claimTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const nonce = newId();
  await db.run("UPDATE users SET mfa_last_step = ?, mfa_step_nonce = ? WHERE id = ? AND (mfa_last_step IS NULL OR mfa_last_step < ?)", [
    step, nonce, userId, step,
  ]);
  const row = await db.get<{ mfa_step_nonce: string | null }>("SELECT mfa_step_nonce FROM users WHERE id = ?", [userId]);
  return row?.mfa_step_nonce === nonce;
}
