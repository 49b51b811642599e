import type { FieldError } from "@ops/shared";
import type { WebhookTransport } from "../../platform/notify-transports/ports.ts";

/**
 * Why a subscription URL is refused, or null: http/https only, no user:password in it (the
 * signature proves where requests come from; credentials in URLs leak into logs), and no target
 * inside the network unless the operator allowed it (the transport checks that again at every send).
 */
export async function checkUrl(raw: string, transport: WebhookTransport): Promise<FieldError | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { field: "url", message: "webhooks.url_invalid" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { field: "url", message: "webhooks.url_scheme" };
  if (url.username || url.password) return { field: "url", message: "webhooks.url_credentials" };
  if ((await transport.check(url.href)) === "private") return { field: "url", message: "webhooks.url_private" };
  return null;
}
