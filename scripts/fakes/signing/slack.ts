/** Slack request signing (v0): hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
import { createHmac } from "node:crypto";

export function slackSignature(signingSecret: string, timestampSec: number | string, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest("hex")}`;
}

export interface SlackSignOptions {
  /** Sign with another secret (a forged request). */
  secret?: string;
  /** Unix seconds; a value more than 300 s old is what Slack's verifiers reject as stale. */
  timestamp?: number;
  /** Send this exact `X-Slack-Signature` instead of computing one. */
  signature?: string;
  /** Events API redelivery headers. */
  retryNum?: number;
  retryReason?: string;
}

export function slackHeaders(
  signingSecret: string,
  nowSec: number,
  rawBody: string,
  contentType: string,
  opts: SlackSignOptions = {},
): Record<string, string> {
  const ts = opts.timestamp ?? nowSec;
  const headers: Record<string, string> = {
    // Bolt's HTTPReceiver compares the content type with `===`: no charset suffix.
    "content-type": contentType,
    "x-slack-request-timestamp": String(ts),
    "x-slack-signature": opts.signature ?? slackSignature(opts.secret ?? signingSecret, ts, rawBody),
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
  };
  if (opts.retryNum !== undefined) headers["x-slack-retry-num"] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers["x-slack-retry-reason"] = opts.retryReason;
  return headers;
}
