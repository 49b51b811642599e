import { isMfaChallenge, type LoginResult, type Me, type TokenData } from "../../data/types.ts";
import { acceptTokens } from "../../providers/auth.ts";

/**
 * The sign-in state machine: password (or SSO ticket) → optional MFA code → optional
 * forced password change → optional MFA binding → in. Each step's screen is its own file.
 */
export type LoginStep =
  | { kind: "password" }
  | { kind: "mfa"; mfaToken: string }
  | { kind: "change_password" }
  | { kind: "mfa_setup" }
  | { kind: "done" };

/** Where a restricted or fresh session has to go next. */
export function stepForMe(me: Me | null, tokens?: TokenData): LoginStep {
  if (!me) return { kind: "password" };
  if (tokens?.password_change_required || me.restricted === "password_change") return { kind: "change_password" };
  if (tokens?.mfa_setup_required || me.restricted === "mfa_setup") return { kind: "mfa_setup" };
  return { kind: "done" };
}

export async function stepAfterTokens(tokens: TokenData): Promise<LoginStep> {
  return stepForMe(await acceptTokens(tokens), tokens);
}

export async function stepAfterLogin(result: LoginResult): Promise<LoginStep> {
  if (isMfaChallenge(result)) return { kind: "mfa", mfaToken: result.mfa_token };
  return stepAfterTokens(result);
}

/** Only same-origin paths are followed after sign-in (no open redirect via ?redirect=). */
export function safeRedirect(value: string | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/login")) return "/";
  return value;
}
