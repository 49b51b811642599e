import { createHmac, timingSafeEqual } from "node:crypto";
import { badRequest } from "@ops/shared";

/**
 * Unsubscribe links: `<payload>.<mac>`, payload = base64url JSON {u: user, t: type, c: channel},
 * mac = HMAC-SHA256 with the notify signing key. They do not expire: a link in an old email
 * must still work. Following one adds a blacklist entry for that user, type and channel.
 */
export type UnsubscribeClaim = { userId: string; type: string; channel: string };

export function signUnsubscribe(key: string, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(JSON.stringify({ u: claim.userId, t: claim.type, c: claim.channel })).toString("base64url");
  return `${payload}.${mac(key, payload)}`;
}

export function verifyUnsubscribe(key: string, token: string): UnsubscribeClaim {
  const invalid = () => badRequest("notify.invalid_token", [{ field: "token", message: "notify.invalid_token" }]);
  const [payload, given] = token.split(".");
  if (!payload || !given) throw invalid();
  // Compare the canonical text, not decoded bytes: base64url's last character carries padding
  // bits, so decoding would accept several spellings of one MAC.
  const expected = Buffer.from(mac(key, payload));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw invalid();
  try {
    const { u, t, c } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof u !== "string" || typeof t !== "string" || typeof c !== "string") throw invalid();
    return { userId: u, type: t, channel: c };
  } catch {
    throw invalid();
  }
}

function mac(key: string, payload: string): string {
  return createHmac("sha256", `ops-notify-unsubscribe:${key}`).update(payload).digest("base64url");
}

export function unsubscribeUrl(publicUrl: string | undefined, key: string, claim: UnsubscribeClaim): string | undefined {
  if (!publicUrl) return undefined;
  return `${publicUrl.replace(/\/+$/, "")}/api/v1/notifications/unsubscribe?token=${signUnsubscribe(key, claim)}`;
}
