import { createHmac, timingSafeEqual } from "node:crypto";
import { retryableStatus } from "../../../platform/notify-transports/ports.ts";
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
  deliveryId: string;
  type: string;
  nowSeconds: number;
  fetch: typeof fetch;
  timeoutMs?: number;
};

export async function postWebhook(p: WebhookPost): Promise<{ target: string }> {
  let res: Response;
  try {
    res = await p.fetch(p.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "OPS-Webhook/1",
        "x-ops-event": p.type,
        "x-ops-delivery": p.deliveryId,
        "x-ops-signature": signWebhook(p.secret, p.body, p.nowSeconds),
      },
      body: p.body,
      redirect: "manual",
      signal: AbortSignal.timeout(p.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new ChannelFailure("notify.transport_error", true, `webhook: ${error instanceof Error ? error.message : String(error)}`);
  }
  await res.body?.cancel();
  if (!res.ok) throw new ChannelFailure("notify.transport_error", retryableStatus(res.status), `webhook ${res.status}`);
  return { target: new URL(p.url).host };
}
