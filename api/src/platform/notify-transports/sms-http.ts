import { TransportError, retryableStatus, type SmsMessage, type SmsTransport } from "./ports.ts";

export type HttpSmsOptions = {
  /** OPS_SMS_URL: the provider endpoint that takes `POST {to, text, sender?}` as JSON. */
  url: string;
  /** OPS_SMS_TOKEN, sent as `Authorization: Bearer …`. */
  token?: string;
  /** OPS_SMS_SENDER: the sender id or signature some providers require. */
  sender?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

/**
 * The SMS provider interface: one JSON POST per message, answered 2xx with `{id}`. Vendors with
 * another shape get a small gateway (or another adapter of this port) in front.
 */
export function createHttpSmsTransport(options: HttpSmsOptions): SmsTransport {
  const doFetch = options.fetch ?? fetch;
  return {
    async send(message: SmsMessage) {
      let res: Response;
      try {
        res = await doFetch(options.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          body: JSON.stringify({ to: message.to, text: message.text, sender: options.sender }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new TransportError(`sms: ${error instanceof Error ? error.message : String(error)}`, { retryable: true, cause: error });
      }
      const text = await res.text();
      if (!res.ok) throw new TransportError(`sms ${res.status}: ${text.slice(0, 200)}`, { retryable: retryableStatus(res.status) });
      return { id: parseId(text) };
    },
  };
}

function parseId(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { id?: unknown };
    return typeof body.id === "string" ? body.id : undefined;
  } catch {
    return undefined;
  }
}
