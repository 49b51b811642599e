import type { Logger } from "../../../platform/logger.ts";
import { SignInRefused } from "./identities.ts";
import { isNetworkError, ssoUnavailable } from "./sso.errors.ts";

const TIMEOUT_MS = 10_000;

export type Json = Record<string, unknown>;

/**
 * One call to a platform's open API. A peer that cannot be reached or answers something that is
 * not JSON is "unavailable" (503, worth a retry); what the JSON says is for the caller to judge.
 */
export async function callPlatform(name: string, logger: Logger, url: string, init: RequestInit = {}): Promise<{ status: number; body: Json }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    logger.warn("sign-in platform unreachable", { provider: name, url: redactQuery(url), err: e });
    throw ssoUnavailable(name, isNetworkError(e) ? e : undefined);
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    logger.warn("sign-in platform answered no JSON", { provider: name, url: redactQuery(url), status: res.status });
    throw ssoUnavailable(name);
  }
  return { status: res.status, body: body as Json };
}

export function postJson(body: Json): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body) };
}

/** The code was refused (wrong, expired or already used): the user starts again. */
export function codeRefused(logger: Logger, provider: string, answer: Json): SignInRefused {
  logger.info("sign-in code refused", { provider, answer: JSON.stringify(answer).slice(0, 300) });
  return new SignInRefused("iam.sso_code_invalid", 401, "code_invalid");
}

/** The platform account is not a member of this organisation (no staff id for it). */
export function notMember(provider: string): SignInRefused {
  return new SignInRefused("iam.sso_not_member", 403, `${provider}_not_member`);
}

export function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

/** Access tokens ride in some query strings (WeCom, DingTalk oapi): never log them. */
function redactQuery(url: string): string {
  return url.replace(/([?&](access_token|corpsecret|code)=)[^&]*/g, "$1…");
}
