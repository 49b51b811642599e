import type { IamDeps } from "../iam.deps.ts";
import type { LoginResult } from "../login-flow.ts";

/**
 * Password sign-in against LDAP/AD (`POST /auth/login {provider: "ldap"}`); null when LDAP is
 * not configured. The auth service dispatches here for provider "ldap".
 */
export function createLdapLogin(_deps: IamDeps): ((username: string, password: string) => Promise<LoginResult>) | null {
  return null;
}
