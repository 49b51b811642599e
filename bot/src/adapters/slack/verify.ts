/**
 * Slack request signing, checked with our own code (not Bolt's receiver): v0 HMAC-SHA256 over
 * `v0:<timestamp>:<raw body>`, compared in constant time, and a five-minute window in both
 * directions (Bolt only refuses old timestamps; a far-future one is just as suspicious).
 */
import { createHmac } from "node:crypto";
import { safeEqual } from "../inbound-checks.ts";

export const SLACK_MAX_CLOCK_SKEW_SEC = 300;

export type SlackVerdict = { ok: true } | { ok: false; error: "invalid_signature" | "stale_request" };

export type SlackSignedRequest = {
  signingSecret: string;
  rawBody: string;
  /** `X-Slack-Signature`, e.g. `v0=<hex>` */
  signature: string | null;
  /** `X-Slack-Request-Timestamp`, unix seconds */
  timestamp: string | null;
  nowMs: number;
};

export function slackSignatureOf(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export function verifySlackSignature(req: SlackSignedRequest): SlackVerdict {
  if (!req.signingSecret || !req.signature || !req.timestamp || !/^\d{1,12}$/.test(req.timestamp)) {
    return { ok: false, error: "invalid_signature" };
  }
  const skew = Math.abs(Math.floor(req.nowMs / 1000) - Number(req.timestamp));
  if (skew > SLACK_MAX_CLOCK_SKEW_SEC) return { ok: false, error: "stale_request" };
  if (!safeEqual(req.signature, slackSignatureOf(req.signingSecret, req.timestamp, req.rawBody))) return { ok: false, error: "invalid_signature" };
  return { ok: true };
}
