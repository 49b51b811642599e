import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * How receivers tell our requests from forgeries: `X-OPS-Signature: sha256=<hex>` where hex is
 * HMAC-SHA256(secret, `${X-OPS-Timestamp}.${raw body}`). A receiver recomputes it over the raw
 * bytes it got, compares in constant time and rejects a timestamp too far from its clock.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The receiver's check, exported for TypeScript consumers and the tests. */
export function verifyWebhookSignature(
  secret: string, headers: { timestamp: string | null; signature: string | null }, body: string, nowSeconds: number, toleranceSeconds = 300,
): boolean {
  const t = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, t, body));
  const given = Buffer.from(headers.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
