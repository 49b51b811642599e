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

export function policyHint(p: PasswordPolicy | null | undefined): string | undefined {
  if (!p) return undefined;
  const parts = [tr("account.policy_length", { n: p.min_length }), tr("account.policy_classes", { n: p.min_classes })];
  if (p.history) parts.push(tr("account.policy_history", { n: p.history }));
  return parts.join(tr("account.policy_separator"));
}
