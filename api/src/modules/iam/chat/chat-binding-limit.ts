import { rateLimited } from "@ops/shared";
import type { IamDeps } from "../iam.deps.ts";

/**
 * Bind codes are short (8 characters from 31): confirming one is rate-limited like sign-in, per
 * user and per client address, so a session cannot try codes at a thousand a second. Every
 * attempt counts; a successful bind clears the user's own counter (not the address's).
 */
export const BIND_CONFIRM_LIMIT = 10;
export const BIND_CONFIRM_WINDOW_MS = 10 * 60_000;

const userKey = (userId: string) => `im:bind:user:${userId}`;
const ipKey = (ip: string) => `im:bind:ip:${ip}`;

export async function limitBindConfirm(deps: IamDeps, userId: string, ip: string | null): Promise<void> {
  const now = deps.clock.now().getTime();
  const hits = [deps.limiter.hit(userKey(userId), BIND_CONFIRM_LIMIT, BIND_CONFIRM_WINDOW_MS, now)];
  if (ip) hits.push(deps.limiter.hit(ipKey(ip), BIND_CONFIRM_LIMIT, BIND_CONFIRM_WINDOW_MS, now));
  const decisions = await Promise.all(hits);
  const denied = decisions.filter((d) => !d.allowed);
  if (denied.length) throw rateLimited("common.rate_limited", { retry_after: Math.max(...denied.map((d) => d.retryAfterSeconds)) });
}

export async function clearBindConfirmLimit(deps: IamDeps, userId: string): Promise<void> {
  await deps.limiter.reset(userKey(userId));
}
