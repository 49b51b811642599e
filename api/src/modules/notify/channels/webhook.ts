import { createHmac, timingSafeEqual } from "node:crypto";
import { retryableStatus, TransportError, type WebhookTransport } from "../../../platform/notify-transports/ports.ts";
import { ChannelFailure } from "./channel.ts";

/**
 * Generic webhooks: the event as JSON, signed like Stripe's: `X-OPS-Signature: t=<unix s>,v1=<hex>`
 * where v1 = HMAC-SHA256(secret, `${t}.${body}`). Receivers check v1 and reject an old t (replay).
 */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

/** The receiver's side, exported for consumers written in TypeScript and for tests. */
export function verifyWebhook(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split("v1=")[1]!, "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type WebhookPost = {
  url: string;
  secret: string;
  body: string;
  /** X-OPS-Delivery: the delivery's id, the same on every retry, so receivers can drop duplicates. */
  deliveryId: string;
  type: string;
  nowSeconds: number;
  transport: WebhookTransport;
  timeoutMs?: number;
};

export async function postWebhook(p: WebhookPost): Promise<{ target: string }> {
  let status: number;
  try {
    ({ status } = await p.transport.post(p.url, {
      headers: {
        "content-type": "application/json",
        "user-agent": "OPS-Webhook/1",
        "x-ops-event": p.type,
        "x-ops-delivery": p.deliveryId,
        "x-ops-signature": signWebhook(p.secret, p.body, p.nowSeconds),
      },
      body: p.body,
      timeoutMs: p.timeoutMs,
    }));
  } catch (error) {
    if (error instanceof TransportError) throw new ChannelFailure("notify.transport_error", error.retryable, error.message);
    throw new ChannelFailure("notify.transport_error", true, `webhook: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A redirect is not followed (it could point inside the network): it counts as a failure.
  if (status < 200 || status >= 300) throw new ChannelFailure("notify.transport_error", retryableStatus(status), `webhook ${status}`);
  return { target: new URL(p.url).host };
}
