import { AppError } from "@ops/shared";

/**
 * The identity provider could not be reached or answered nonsense: not the user's fault and
 * worth a retry, so 503 rather than a 401 that would read as a wrong password.
 */
export function ssoUnavailable(provider: string, cause?: unknown): AppError {
  return new AppError("iam.sso_unavailable", { status: 503, expose: true, retryable: true, params: { provider }, cause });
}

/** Sign-in was refused for a reason the login page shows; `code` is also the message key. */
export function ssoRefused(code: string, status = 401, params?: Record<string, unknown>): AppError {
  return new AppError(code, { status, params });
}

/** True for errors that mean the network or the peer failed (refused, reset, timeout, DNS). */
export function isNetworkError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^(ECONN|EHOST|ENET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|ConnectionRefused|ConnectionClosed)/.test(code)) return true;
  const name = (e as { name?: unknown } | null)?.name;
  return e instanceof TypeError || name === "TimeoutError" || name === "AbortError";
}
