import { rateLimited } from "@ops/shared";
import type { RateDecision } from "../../../platform/rate-limit.ts";
import type { IamDeps } from "../iam.deps.ts";
import type { SecuritySettings } from "../settings/index.ts";

/**
 * Fixed one-minute windows on the sign-in endpoints, per client address and per address +
 * account. Callers check the account's lock before these, and the per-account limit sits
 * above the lockout threshold, so an owner whose account is locked always reads the 423
 * (and when it lifts) rather than a 429. Requests without a client address (in-process
 * calls such as the bot's) have no per-address limit; the per-account one still applies.
 */
const WINDOW_MS = 60_000;

export type SignInKind = "login" | "mfa";

export function perAccountLimit(security: SecuritySettings): number {
  return Math.max(security.lockout_threshold * 2, security.lockout_threshold + 5);
}

/** Refresh tokens cannot be guessed; this only keeps one address from flooding the store. */
export function refreshLimit(security: SecuritySettings): number {
  return Math.max(60, security.login_rate_per_minute * 3);
}

const accountKey = (kind: SignInKind, ip: string | null, account: string) => `auth:${kind}:acct:${ip ?? "-"}:${account.toLowerCase()}`;

/** Counts the attempt; throws 429 (with retry_after for the Retry-After header) past a limit. */
export async function limitSignIn(deps: IamDeps, security: SecuritySettings, kind: SignInKind, ip: string | null, account: string): Promise<void> {
  const now = deps.clock.now().getTime();
  const hits = [deps.limiter.hit(accountKey(kind, ip, account), perAccountLimit(security), WINDOW_MS, now)];
  if (ip) hits.push(deps.limiter.hit(`auth:${kind}:ip:${ip}`, security.login_rate_per_minute, WINDOW_MS, now));
  const decisions: RateDecision[] = await Promise.all(hits);
  refuseIfDenied(decisions);
}

/** A success ends the run of failures for that account from that address. */
export async function clearSignInLimit(deps: IamDeps, kind: SignInKind, ip: string | null, account: string): Promise<void> {
  await deps.limiter.reset(accountKey(kind, ip, account));
}

export async function limitRefresh(deps: IamDeps, security: SecuritySettings, ip: string | null): Promise<void> {
  if (!ip) return;
  refuseIfDenied([await deps.limiter.hit(`auth:refresh:ip:${ip}`, refreshLimit(security), WINDOW_MS, deps.clock.now().getTime())]);
}

function refuseIfDenied(decisions: RateDecision[]): void {
  const denied = decisions.filter((d) => !d.allowed);
  if (denied.length === 0) return;
  throw rateLimited("common.rate_limited", { retry_after: Math.max(...denied.map((d) => d.retryAfterSeconds)) });
}
