import type { Db } from "../../../platform/db/db.ts";
import { addMs } from "../../../platform/clock.ts";
import { verifyPassword } from "./passwords.ts";
import type { SecuritySettings } from "../settings/index.ts";

/** The password rules as published (GET /auth/password-policy) and enforced. */
export type PasswordPolicy = { min_length: number; min_classes: number; history: number; expiry_days: number };

export function passwordPolicyOf(security: SecuritySettings): PasswordPolicy {
  return {
    min_length: security.password_min_length,
    min_classes: security.password_min_classes,
    history: security.password_history,
    expiry_days: security.password_expiry_days,
  };
}

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** Message keys of the rules `plain` breaks (empty: acceptable); no store access. */
export function policyViolations(plain: string, policy: PasswordPolicy, username?: string | null): string[] {
  const out: string[] = [];
  if ([...plain].length < policy.min_length) out.push("iam.password_too_short");
  if (CLASSES.filter((c) => c.test(plain)).length < policy.min_classes) out.push("iam.password_too_simple");
  if (username && username.length >= 3 && plain.toLowerCase().includes(username.toLowerCase())) {
    out.push("iam.password_contains_username");
  }
  return out;
}

/** True when `plain` matches one of the user's last `history` passwords (the current one included). */
export async function isRecentPassword(db: Db, userId: string, plain: string, history: number): Promise<boolean> {
  if (history <= 0) return false;
  const rows = await db.all<{ password_hash: string }>(
    "SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
    [userId, history],
  );
  const current = await db.get<{ password_hash: string | null }>("SELECT password_hash FROM users WHERE id = ?", [userId]);
  const hashes = new Set(rows.map((r) => r.password_hash));
  if (current?.password_hash) hashes.add(current.password_hash);
  const matches = await Promise.all([...hashes].map((h) => verifyPassword(plain, h)));
  return matches.some(Boolean);
}

/** When the password stops being accepted for a normal sign-in; null when it never expires. */
export function passwordExpiresAt(changedAt: string | null, policy: Pick<PasswordPolicy, "expiry_days">): Date | null {
  if (!changedAt || policy.expiry_days <= 0) return null;
  return addMs(new Date(changedAt), policy.expiry_days * 86_400_000);
}

export function isPasswordExpired(changedAt: string | null, policy: Pick<PasswordPolicy, "expiry_days">, now: Date): boolean {
  const expires = passwordExpiresAt(changedAt, policy);
  return expires !== null && expires.getTime() <= now.getTime();
}
