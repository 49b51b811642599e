import { unauthenticated, type AppError } from "@ops/shared";
import { currentContext } from "../../../platform/context.ts";
import type { IamDeps } from "../iam.deps.ts";
import { finishLogin, type LoginResult } from "../auth/index.ts";
import { resolveUser, SignInRefused } from "./identities.ts";
import { createSsoRegistry } from "./sso.registry.ts";
import type { ExternalIdentity } from "./sso.types.ts";

/**
 * Password sign-in against LDAP/AD (`POST /auth/login {provider: "ldap"}`); null when LDAP is
 * not configured. The auth service dispatches here for provider "ldap".
 */
export function createLdapLogin(deps: IamDeps): ((username: string, password: string) => Promise<LoginResult>) | null {
  const directory = createSsoRegistry(deps.env, deps.logger).ldap();
  if (!directory) return null;
  const provider = directory.id;

  async function refuse(username: string, reason: string, error: AppError): Promise<never> {
    await deps.audit.recordLogin({ username, provider, success: false, reason, ctx: currentContext() });
    throw error;
  }

  return async function ldapLogin(username: string, password: string): Promise<LoginResult> {
    let identity: ExternalIdentity | null;
    try {
      identity = await directory.authenticate(username, password);
    } catch (e) {
      return refuse(username, "directory_unavailable", e as AppError);
    }
    if (!identity) return refuse(username, "bad_password", unauthenticated("iam.invalid_credentials"));
    try {
      const user = await resolveUser(deps, provider, identity, false);
      return await finishLogin(deps, user, provider);
    } catch (e) {
      if (e instanceof SignInRefused) return refuse(username, e.logReason, e);
      throw e;
    }
  };
}
