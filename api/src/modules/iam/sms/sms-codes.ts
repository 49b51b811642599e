import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { badRequest, rateLimited, unauthenticated, type Locale } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { RateDecision } from "../../../platform/rate-limit.ts";
import { iamSmsText } from "./sms-text.ts";
import type { IamDeps } from "../iam.deps.ts";

/** What a code is for: sign-in by phone, the second step of a sign-in, or proving one's phone to turn the SMS factor on. */
export type SmsPurpose = "login" | "mfa" | "bind";

export const CODE_TTL_MS = 5 * 60_000;
/** wrong tries a code survives; the next request needs a new code */
export const CODE_MAX_ATTEMPTS = 5;
/** codes per phone per minute (the sixth gets 429) and per client address per minute */
export const CODES_PER_PHONE_PER_MINUTE = 5;
export const CODES_PER_ADDRESS_PER_MINUTE = 20;
/** and per phone per day, so a number cannot be flooded slowly either */
export const CODES_PER_PHONE_PER_DAY = 30;

type CodeRow = { id: string; user_id: string; code_hash: string; attempts: number; expires_at: string; used_at: string | null };

/**
 * Issues and checks SMS codes. A code is six digits, stored as an HMAC keyed from OPS_SECRET_KEY (a leaked table does
 * not give codes away); a newer code of the same purpose voids the older ones.
 */
export function createSmsCodes(deps: IamDeps) {
  const { db, clock } = deps;
  const hash = (id: string, code: string) => createHmac("sha256", deps.jwtKey).update(`sms:${id}:${code}`).digest("hex");

  async function limit(phone: string, ip: string | null): Promise<void> {
    const now = clock.now().getTime();
    const hits: Array<Promise<RateDecision>> = [
      deps.limiter.hit(`sms:phone:${phone}`, CODES_PER_PHONE_PER_MINUTE, 60_000, now),
      deps.limiter.hit(`sms:phone-day:${phone}`, CODES_PER_PHONE_PER_DAY, 86_400_000, now),
    ];
    if (ip) hits.push(deps.limiter.hit(`sms:ip:${ip}`, CODES_PER_ADDRESS_PER_MINUTE, 60_000, now));
    const decisions = await Promise.all(hits);
    const denied = decisions.filter((d) => !d.allowed);
    if (denied.length) throw rateLimited("iam.sms_rate_limited", { retry_after: Math.max(...denied.map((d) => d.retryAfterSeconds)) });
  }

  return {
    /** Counts a request against the phone's and the address's limits (429 past them), even when no code is sent. */
    limit,
    /** Sends a new code; throws 503-ish `iam.sms_unavailable` when no SMS transport is configured or it fails. */
    async issue(input: { purpose: SmsPurpose; userId: string; phone: string; ip: string | null; locale: Locale }): Promise<{ expiresInS: number }> {
      if (!deps.sms) throw badRequest("iam.sms_unavailable");
      const id = newId();
      const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
      const now = clock.now();
      await db.tx(async () => {
        await db.run("UPDATE sms_codes SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL", [iso(now), input.userId, input.purpose]);
        await insertRow(db, "sms_codes", {
          id, purpose: input.purpose, user_id: input.userId, phone: input.phone, code_hash: hash(id, code), attempts: 0,
          expires_at: iso(new Date(now.getTime() + CODE_TTL_MS)), used_at: null, ip: input.ip, created_at: iso(now),
        });
      });
      try {
        await deps.sms.send({ to: input.phone, text: iamSmsText(input.locale, input.purpose, code, CODE_TTL_MS / 60_000) });
      } catch (error) {
        deps.logger.warn("SMS code not sent", { err: error, purpose: input.purpose, user_id: input.userId });
        await db.run("UPDATE sms_codes SET used_at = ? WHERE id = ?", [iso(now), id]);
        throw badRequest("iam.sms_unavailable");
      }
      return { expiresInS: CODE_TTL_MS / 1000 };
    },
    /**
     * Uses the user's latest live code of this purpose when `code` matches; a wrong one counts a try. Throws 401
     * `iam.sms_invalid_code` (wrong, used, expired or tried too often: the same answer, so nothing is learnt).
     */
    async consume(purpose: SmsPurpose, userId: string, code: string): Promise<void> {
      const now = clock.now();
      const row = await db.get<CodeRow>(
        `SELECT id, user_id, code_hash, attempts, expires_at, used_at FROM sms_codes
          WHERE user_id = ? AND purpose = ? AND used_at IS NULL ORDER BY created_at DESC LIMIT 1`,
        [userId, purpose],
      );
      if (!row || row.expires_at <= iso(now) || Number(row.attempts) >= CODE_MAX_ATTEMPTS) throw unauthenticated("iam.sms_invalid_code");
      const given = Buffer.from(hash(row.id, code.trim()), "hex");
      if (!timingSafeEqual(given, Buffer.from(row.code_hash, "hex"))) {
        await db.run("UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ?", [row.id]);
        throw unauthenticated("iam.sms_invalid_code");
      }
      // one statement claims it: two requests with the same code cannot both pass
      const claimed = await db.all<{ id: string }>("UPDATE sms_codes SET used_at = ? WHERE id = ? AND used_at IS NULL RETURNING id", [iso(now), row.id]);
      if (claimed.length !== 1) throw unauthenticated("iam.sms_invalid_code");
    },
  };
}

export type SmsCodes = ReturnType<typeof createSmsCodes>;

/** 138****0001: what a screen may show of a phone number. */
export function maskPhone(phone: string): string {
  return phone.length <= 7 ? `${phone.slice(0, 2)}***` : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
