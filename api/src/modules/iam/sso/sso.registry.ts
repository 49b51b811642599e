import type { Env } from "../../../env.ts";
import type { Logger } from "../../../platform/logger.ts";
import { imProviders } from "./im-providers.ts";
import { createLdapDirectory } from "./ldap-directory.ts";
import { createOidcClient } from "./oidc-client.ts";
import type { ImOAuthProvider, LdapProvider, OidcProvider, ProviderInfo, SsoProvider } from "./sso.types.ts";

/** Provider ids are part of URLs (`/auth/sso/{id}/start`) and of the login log. */
export const OIDC_ID = "oidc";
export const LDAP_ID = "ldap";

export type SsoRegistry = {
  providers: SsoProvider[];
  /** the providers the login page offers, password first */
  list(passwordName: string): ProviderInfo[];
  oidc(id: string): OidcProvider | undefined;
  ldap(): LdapProvider | undefined;
  im(id: string): ImOAuthProvider | undefined;
};

/** Builds the configured providers from env; a provider with missing settings is simply absent. */
export function createSsoRegistry(env: Env, logger: Logger): SsoRegistry {
  const providers: SsoProvider[] = [];
  if (env.OPS_OIDC_ISSUER && env.OPS_OIDC_CLIENT_ID) {
    providers.push(createOidcClient({
      id: OIDC_ID, name: env.OPS_OIDC_NAME, issuer: env.OPS_OIDC_ISSUER, clientId: env.OPS_OIDC_CLIENT_ID,
      clientSecret: env.OPS_OIDC_CLIENT_SECRET || undefined, scopes: env.OPS_OIDC_SCOPES,
    }, logger));
  }
  if (env.OPS_LDAP_URL && env.OPS_LDAP_BASE_DN) {
    providers.push(createLdapDirectory({
      id: LDAP_ID, name: env.OPS_LDAP_NAME, url: env.OPS_LDAP_URL, bindDn: env.OPS_LDAP_BIND_DN || undefined,
      bindPassword: env.OPS_LDAP_BIND_PASSWORD, baseDn: env.OPS_LDAP_BASE_DN, userFilter: env.OPS_LDAP_USER_FILTER,
    }, logger));
  }
  providers.push(...imProviders(env, logger));
  return {
    providers,
    list: (passwordName) => [
      { id: "password", kind: "password", name: passwordName },
      ...providers.map((p): ProviderInfo => ({ id: p.id, kind: p.kind, name: p.name, ...(p.kind === "im" && p.appId ? { app_id: p.appId } : {}) })),
    ],
    oidc: (id) => providers.find((p): p is OidcProvider => p.kind === "oidc" && p.id === id),
    ldap: () => providers.find((p): p is LdapProvider => p.kind === "ldap"),
    im: (id) => providers.find((p): p is ImOAuthProvider => p.kind === "im" && p.id === id),
  };
}
