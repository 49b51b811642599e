/** What an external identity provider proved about a person, before it is mapped to an OPS user. */
export type ExternalIdentity = {
  /** stable id at the provider: OIDC `sub`, LDAP entryUUID / objectGUID / DN */
  subject: string;
  username: string | null;
  email: string | null;
  emailVerified: boolean;
  displayName: string | null;
  /** non-secret attributes kept with the link, for admins */
  profile: Record<string, unknown>;
};

export type ProviderKind = "password" | "oidc" | "ldap";

/** One entry of `GET /auth/providers`. */
export type ProviderInfo = { id: string; kind: ProviderKind; name: string };

export type AuthorizationRequest = { redirectUri: string; state: string; nonce: string; codeChallenge: string };

export type CodeExchange = { state: string; nonce: string; verifier: string };

/** Redirect-based sign-in (authorization code + PKCE). */
export interface OidcProvider {
  readonly id: string;
  readonly kind: "oidc";
  readonly name: string;
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  /** `callbackUrl` is the registered redirect URI carrying the IdP's query parameters. */
  exchange(callbackUrl: URL, checks: CodeExchange): Promise<ExternalIdentity>;
}

/** Username + password checked by binding to a directory. */
export interface LdapProvider {
  readonly id: string;
  readonly kind: "ldap";
  readonly name: string;
  /** null when the directory rejects the username or password */
  authenticate(username: string, password: string): Promise<ExternalIdentity | null>;
}

export type SsoProvider = OidcProvider | LdapProvider;
