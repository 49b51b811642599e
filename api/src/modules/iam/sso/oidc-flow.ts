import { AppError, notFound, unauthenticated } from "@ops/shared";
import * as oidc from "openid-client";
import { currentContext } from "../../../platform/context.ts";
import { randomToken, sha256 } from "../../../platform/crypto.ts";
import type { IamDeps } from "../iam.deps.ts";
import { finishLogin, type LoginResult } from "../auth/index.ts";
import { resolveUser, SignInRefused } from "./identities.ts";
import { safeRedirectPath } from "./safe-redirect.ts";
import type { SsoRegistry } from "./sso.registry.ts";
import type { ExternalIdentity } from "./sso.types.ts";
import { createTickets } from "./tickets.ts";

const STATE_TTL_MS = 10 * 60_000;
const LOGIN_TTL_MS = 2 * 60_000;

type StatePayload = { provider: string; nonce: string; verifier: string; redirect: string; redirectUri: string; binding: string };

export type StartResult = { location: string; binding: string };

/**
 * The browser side of OIDC sign-in: start (state, nonce, PKCE, redirect to the IdP), callback
 * (one-use state bound to the browser by a cookie, code exchange, user mapping, session) and the
 * one-use ticket the login page trades for tokens, so tokens never travel in a URL.
 */
export function createOidcFlow(deps: IamDeps, registry: SsoRegistry) {
  const tickets = createTickets(deps);
  const publicBase = (deps.env.OPS_PUBLIC_URL ?? "").replace(/\/+$/, "");
  const autoCreate = autoCreateEnabled(deps.env);

  async function start(providerId: string, redirect: string | undefined, requestOrigin: string): Promise<StartResult> {
    const provider = registry.oidc(providerId);
    if (!provider) throw notFound("iam.sso_provider_unknown", { provider: providerId });
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    const binding = randomToken();
    const redirectUri = `${publicBase || requestOrigin}/api/v1/auth/sso/${provider.id}/callback`;
    const url = await provider.authorizationUrl({ redirectUri, state, nonce, codeChallenge: await oidc.calculatePKCECodeChallenge(verifier) });
    const payload: StatePayload = { provider: provider.id, nonce, verifier, redirect: safeRedirectPath(redirect), redirectUri, binding: sha256(binding) };
    await tickets.issue("sso_state", payload, STATE_TTL_MS, state);
    return { location: url.href, binding };
  }

  /** Always answers with where to send the browser: the login page with a ticket or an error code. */
  async function callback(providerId: string, query: URLSearchParams, binding: string | undefined): Promise<string> {
    let identity: ExternalIdentity | null = null;
    try {
      const state = query.get("state");
      const saved = state ? await tickets.redeem<StatePayload>("sso_state", state) : null;
      if (!state || !saved || saved.provider !== providerId || !binding || sha256(binding) !== saved.binding) {
        throw new SignInRefused("iam.sso_state_invalid", 400, "state_invalid");
      }
      if (query.get("error")) throw new SignInRefused("iam.sso_failed", 401, `idp_error:${query.get("error")!.slice(0, 60)}`);
      const provider = registry.oidc(providerId)!;
      const callbackUrl = new URL(saved.redirectUri);
      callbackUrl.search = query.toString();
      identity = await provider.exchange(callbackUrl, { state, nonce: saved.nonce, verifier: saved.verifier });
      const user = await resolveUser(deps, providerId, identity, autoCreate);
      const result = await finishLogin(deps, user, providerId);
      const ticket = await tickets.issue("sso_login", result, LOGIN_TTL_MS);
      const redirect = saved.redirect === "/" ? "" : `&redirect=${encodeURIComponent(saved.redirect)}`;
      return `${publicBase}/login#sso_ticket=${ticket}${redirect}`;
    } catch (e) {
      const error = e instanceof AppError ? e : new AppError("iam.sso_failed", { status: 500, cause: e });
      if (!(e instanceof AppError)) deps.logger.error("oidc callback failed", { provider: providerId, err: e });
      await recordFailure(providerId, identity, error);
      return `${publicBase}/login#sso_error=${encodeURIComponent(error.code)}`;
    }
  }

  async function recordFailure(provider: string, identity: ExternalIdentity | null, error: AppError): Promise<void> {
    const username = identity?.username ?? identity?.email ?? identity?.subject ?? "";
    const reason = error instanceof SignInRefused ? error.logReason : error.code;
    await deps.audit.recordLogin({ username, provider, success: false, reason, ctx: currentContext() });
  }

  async function exchange(ticket: string): Promise<LoginResult> {
    const result = await tickets.redeem<LoginResult>("sso_login", ticket);
    if (!result) throw unauthenticated("iam.sso_ticket_invalid");
    return result;
  }

  return { start, callback, exchange, errorLocation: (code: string) => `${publicBase}/login#sso_error=${encodeURIComponent(code)}` };
}

function autoCreateEnabled(env: IamDeps["env"]): boolean {
  return env.OPS_OIDC_AUTO_CREATE;
}
