import type { Agent } from "node:https";
import { TransportError, retryableStatus, type PushOptions, type PushTarget, type PushTransport } from "./ports.ts";

export type WebPushOptions = {
  /** For a push service with a private CA (a local stand-in): `new https.Agent({ ca })`. */
  agent?: Agent;
  timeoutMs?: number;
};

/** web-push, loaded on first use (keys or a message), not at start. */
const webPush = async () => (await import("web-push")).default;

/** The web-push library behind the PushTransport port (Web Push protocol, aes128gcm, VAPID). */
export function createWebPushTransport(options: WebPushOptions = {}): PushTransport {
  return {
    generateKeys: async () => (await webPush()).generateVAPIDKeys(),
    async send(target: PushTarget, payload: string, o: PushOptions) {
      const webpush = await webPush();
      try {
        const res = await webpush.sendNotification(target, payload, {
          TTL: o.ttl,
          urgency: o.urgency,
          ...(o.topic ? { topic: o.topic } : {}),
          contentEncoding: "aes128gcm",
          vapidDetails: o.vapid,
          ...(options.agent ? { agent: options.agent } : {}),
          timeout: options.timeoutMs ?? 30_000,
        });
        return { status: res.statusCode };
      } catch (error) {
        throw toTransportError(error, webpush.WebPushError);
      }
    },
  };
}

/** 404 and 410 mean the browser dropped the subscription: it will never work again. */
function toTransportError(error: unknown, WebPushError: typeof import("web-push").WebPushError): TransportError {
  if (error instanceof WebPushError) {
    const gone = error.statusCode === 404 || error.statusCode === 410;
    return new TransportError(`push ${error.statusCode}: ${error.body || error.message}`.trim(), {
      retryable: !gone && retryableStatus(error.statusCode),
      gone,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  // A payload or key the library refuses is our bug or a corrupt subscription, not a network blip.
  const local = /subscription|p256dh|auth|payload|vapid|option/i.test(message);
  return new TransportError(`push: ${message}`, { retryable: !local, cause: error });
}
