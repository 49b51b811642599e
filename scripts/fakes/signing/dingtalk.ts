/**
 * DingTalk HMAC signing: base64(HMAC-SHA256(key = secret, msg = `${timestampMs}\n${secret}`)).
 * Used by HTTP-mode robot callbacks (headers `timestamp`, `sign`) and, URL-encoded, by the
 * custom group robot webhook (`/robot/send?access_token&timestamp&sign`).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function dingtalkSign(secret: string, timestampMs: number | string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

/** DingTalk rejects a timestamp more than an hour away from its clock. */
export const DINGTALK_SIGN_WINDOW_MS = 60 * 60 * 1000;

export function dingtalkSignValid(secret: string, timestampMs: string, sign: string, nowMs: number): boolean {
  const ts = Number(timestampMs);
  if (!Number.isFinite(ts) || Math.abs(nowMs - ts) > DINGTALK_SIGN_WINDOW_MS) return false;
  const expected = Buffer.from(dingtalkSign(secret, timestampMs));
  const given = Buffer.from(sign);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
