import { authApi } from "../../data/auth.ts";
import type { PasswordPolicy } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";

/** The policy hint under "new password" (null when the endpoint is not there). */
export async function loadPolicy(): Promise<PasswordPolicy | null> {
  try {
    return await authApi.passwordPolicy();
  } catch {
    return null;
  }
}

/**
 * Every rule the API enforces on a new password, from the security settings in force: length,
 * character classes, never the username (checked for usernames of 3+ characters), not one of
 * the last N (`history: false` for a brand-new account, which has none), and the expiry.
 */
export function policyHint(p: PasswordPolicy | null | undefined, opts: { history?: boolean } = {}): string | undefined {
  if (!p) return undefined;
  const parts = [tr("account.policy_length", { n: p.min_length })];
  if (p.min_classes > 1) parts.push(tr("account.policy_classes", { n: p.min_classes }));
  parts.push(tr("account.policy_username"));
  if (p.history > 0 && opts.history !== false) parts.push(tr("account.policy_history", { n: p.history }));
  if (p.expiry_days > 0) parts.push(tr("account.policy_expiry", { n: p.expiry_days }));
  return parts.join(tr("account.policy_separator"));
}
