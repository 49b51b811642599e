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

export type ProviderKind = "password" | "oidc" | "ldap" | "im";

/** One entry of `GET /auth/providers`; `app_id` lets the login page ask an in-app browser's JS SDK for a code. */
export type ProviderInfo = { id: string; kind: ProviderKind; name: string; app_id?: string };

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

/** The chat and office platforms whose accounts sign in by OAuth (sign-in also binds the chat identity). */
export type ImProviderId = "feishu" | "dingtalk" | "wecom";

/** What a platform proved, plus every id it knows the person by (matched against the users' directory link). */
export type ImIdentity = ExternalIdentity & { directoryIds: string[] };

/**
 * Feishu, DingTalk, WeCom: authorize → code → user token → user info. `subject` is the id the bot
 * sees for that person (Feishu open_id of this app, DingTalk staff userId, WeCom userid).
 */
export interface ImOAuthProvider {
  readonly id: ImProviderId;
  readonly kind: "im";
  readonly name: string;
  /** users' column that links an account to this platform's directory */
  readonly directoryColumn: "feishu_id" | "dingtalk_id" | "wechat_work_id";
  /** the app id the in-app JS SDK asks for a code with (Feishu app id, DingTalk client id); absent when no in-app flow */
  readonly appId?: string;
  authorizationUrl(redirectUri: string, state: string): URL;
  /** `redirectUri` is null for a code from the in-app JS SDK */
  exchange(code: string, redirectUri: string | null): Promise<ImIdentity>;
}

export type SsoProvider = OidcProvider | LdapProvider | ImOAuthProvider;
