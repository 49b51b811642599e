import { AppError, notFound } from "@ops/shared";
import { currentContext } from "../../../platform/context.ts";
import { randomToken, sha256 } from "../../../platform/crypto.ts";
import { finishLogin, type LoginResult } from "../auth/index.ts";
import type { IamDeps } from "../iam.deps.ts";
import { SignInRefused } from "./identities.ts";
import { resolveImUser } from "./im-identities.ts";
import { safeRedirectPath } from "./safe-redirect.ts";
import type { SsoRegistry } from "./sso.registry.ts";
import type { ImIdentity, ImOAuthProvider } from "./sso.types.ts";
import { createTickets } from "./tickets.ts";

const STATE_TTL_MS = 10 * 60_000;
const LOGIN_TTL_MS = 2 * 60_000;

type StatePayload = { provider: string; redirect: string; redirectUri: string; binding: string };

/**
 * Feishu / DingTalk / WeCom sign-in through the browser: the same one-use state (an `auth_tickets`
 * row keyed by the state, bound to the browser by a cookie) and login ticket as OIDC; and the
 * in-app variant, where the platform's JS SDK hands the page a code that is posted straight here.
 */
export function createImOAuthFlow(deps: IamDeps, registry: SsoRegistry) {
  const tickets = createTickets(deps);
  const publicBase = (deps.env.OPS_PUBLIC_URL ?? "").replace(/\/+$/, "");
  const autoCreate = deps.env.OPS_SSO_IM_AUTO_CREATE;

  function providerOf(id: string): ImOAuthProvider {
    const provider = registry.im(id);
    if (!provider) throw notFound("iam.sso_provider_unknown", { provider: id });
    return provider;
  }

  async function start(providerId: string, redirect: string | undefined, requestOrigin: string): Promise<{ location: string; binding: string }> {
    const provider = providerOf(providerId);
    const state = randomToken();
    const binding = randomToken();
    const redirectUri = `${publicBase || requestOrigin}/api/v1/auth/sso/${provider.id}/callback`;
    const payload: StatePayload = { provider: provider.id, redirect: safeRedirectPath(redirect), redirectUri, binding: sha256(binding) };
    await tickets.issue("sso_state", payload, STATE_TTL_MS, state);
    return { location: provider.authorizationUrl(redirectUri, state).href, binding };
  }

  /** Always answers with where to send the browser: the login page with a ticket or an error code. */
  async function callback(providerId: string, query: URLSearchParams, binding: string | undefined): Promise<string> {
    const identity: { value: ImIdentity | null } = { value: null };
    try {
      const state = query.get("state");
      const saved = state ? await tickets.redeem<StatePayload>("sso_state", state) : null;
      if (!state || !saved || saved.provider !== providerId || !binding || sha256(binding) !== saved.binding) {
        throw new SignInRefused("iam.sso_state_invalid", 400, "state_invalid");
      }
      // WeCom names it `code`, DingTalk `authCode` (and `code`), Feishu `code`; no code means the user said no.
      const code = query.get("code") ?? query.get("authCode");
      if (!code) throw new SignInRefused("iam.sso_failed", 401, `idp_error:${(query.get("error") ?? "no_code").slice(0, 60)}`);
      const result = await signIn(providerOf(providerId), code, saved.redirectUri, identity);
      const ticket = await tickets.issue("sso_login", result, LOGIN_TTL_MS);
      const redirect = saved.redirect === "/" ? "" : `&redirect=${encodeURIComponent(saved.redirect)}`;
      return `${publicBase}/login#sso_ticket=${ticket}${redirect}`;
    } catch (e) {
      const error = await failed(providerId, identity.value, e);
      return `${publicBase}/login#sso_error=${encodeURIComponent(error.code)}`;
    }
  }

  /** In-app sign-in: a code from the platform's JS SDK (no redirect, so no state to check). */
  async function codeSignIn(providerId: string, code: string): Promise<LoginResult> {
    const provider = providerOf(providerId);
    const identity: { value: ImIdentity | null } = { value: null };
    try {
      return await signIn(provider, code, null, identity);
    } catch (e) {
      throw await failed(providerId, identity.value, e);
    }
  }

  async function signIn(provider: ImOAuthProvider, code: string, redirectUri: string | null, seen: { value: ImIdentity | null }): Promise<LoginResult> {
    const identity = await provider.exchange(code, redirectUri);
    seen.value = identity;
    const user = await resolveImUser(deps, provider, identity, autoCreate);
    return finishLogin(deps, user, provider.id);
  }

  async function failed(provider: string, identity: ImIdentity | null, e: unknown): Promise<AppError> {
    const error = e instanceof AppError ? e : new AppError("iam.sso_failed", { status: 500, cause: e });
    if (!(e instanceof AppError)) deps.logger.error("im sign-in failed", { provider, err: e });
    const username = identity ? `${provider}:${identity.subject}` : "";
    const reason = error instanceof SignInRefused ? error.logReason : error.code;
    await deps.audit.recordLogin({ username, provider, success: false, reason, ctx: currentContext() });
    return error;
  }

  return { start, callback, codeSignIn };
}

export type ImOAuthFlow = ReturnType<typeof createImOAuthFlow>;
