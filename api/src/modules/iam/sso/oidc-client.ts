import * as oidc from "openid-client";
import type { Logger } from "../../../platform/logger.ts";
import { isNetworkError, ssoRefused, ssoUnavailable } from "./sso.errors.ts";
import type { AuthorizationRequest, CodeExchange, ExternalIdentity, OidcProvider } from "./sso.types.ts";

export type OidcSettings = {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  scopes: string;
};

const TIMEOUT_SECONDS = 10;

/** Plain http is refused by openid-client; it is allowed only for an issuer on this machine (tests, dev). */
export function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

/**
 * Authorization code flow with PKCE and nonce through openid-client. Discovery runs on first
 * use and is kept; a failed discovery is retried on the next sign-in instead of being cached.
 */
export function createOidcClient(settings: OidcSettings, logger: Logger): OidcProvider {
  let config: Promise<oidc.Configuration> | null = null;

  function configuration(): Promise<oidc.Configuration> {
    config ??= discover().catch((e) => {
      config = null;
      logger.warn("oidc discovery failed", { provider: settings.id, issuer: settings.issuer, err: e });
      throw ssoUnavailable(settings.name, e);
    });
    return config;
  }

  function discover(): Promise<oidc.Configuration> {
    const auth = settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None();
    return oidc.discovery(new URL(settings.issuer), settings.clientId, undefined, auth, {
      timeout: TIMEOUT_SECONDS,
      execute: isLoopbackHttp(settings.issuer) ? [oidc.allowInsecureRequests] : [],
    });
  }

  async function authorizationUrl(request: AuthorizationRequest): Promise<URL> {
    return oidc.buildAuthorizationUrl(await configuration(), {
      redirect_uri: request.redirectUri,
      scope: settings.scopes,
      state: request.state,
      nonce: request.nonce,
      code_challenge: request.codeChallenge,
      code_challenge_method: "S256",
    });
  }

  async function exchange(callbackUrl: URL, checks: CodeExchange): Promise<ExternalIdentity> {
    const cfg = await configuration();
    try {
      const tokens = await oidc.authorizationCodeGrant(cfg, callbackUrl, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      const profile = needsUserInfo(claims) && cfg.serverMetadata().userinfo_endpoint
        ? await oidc.fetchUserInfo(cfg, tokens.access_token, claims.sub)
        : {};
      return identityOf({ ...claims, ...profile, sub: claims.sub });
    } catch (e) {
      logger.warn("oidc code exchange failed", { provider: settings.id, err: e });
      if (isNetworkError(e)) throw ssoUnavailable(settings.name, e);
      throw ssoRefused("iam.sso_failed");
    }
  }

  return { id: settings.id, kind: "oidc", name: settings.name, authorizationUrl, exchange };
}

/** Conforming providers put profile claims only in userinfo when an access token is issued. */
function needsUserInfo(claims: Record<string, unknown>): boolean {
  return claims.preferred_username === undefined && claims.email === undefined;
}

function text(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

function identityOf(claims: Record<string, unknown> & { sub: string }): ExternalIdentity {
  const username = text(claims.preferred_username);
  const email = text(claims.email);
  const displayName = text(claims.name);
  return {
    subject: claims.sub,
    username,
    email,
    emailVerified: claims.email_verified === true,
    displayName,
    profile: { preferred_username: username, email, name: displayName },
  };
}
