/**
 * The public origin a chat platform's HTTP callback reached us at, for the inbound it carries:
 * bind links need an absolute URL, and without OPS_PUBLIC_URL this is the best one known (the
 * platform was configured with it). The webhook app opens a scope per request; the sink reads it
 * while the adapter hands over (accept() runs inside the request). Socket modes have none.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const store = new AsyncLocalStorage<string | undefined>();

export function withRequestOrigin<T>(origin: string | undefined, fn: () => T): T {
  return store.run(origin, fn);
}

export function requestOrigin(): string | undefined {
  return store.getStore();
}

/**
 * scheme://host[:port] of a request: the forwarded proto and host when the proxy in front is trusted
 * (OPS_TRUST_PROXY), else the request's own URL (Host header). Anything that does not parse gives none.
 */
export function originOfRequest(request: Request, trustProxy: boolean): string | undefined {
  try {
    const url = new URL(request.url);
    if (trustProxy) {
      const first = (name: string) => request.headers.get(name)?.split(",")[0]?.trim();
      const proto = first("x-forwarded-proto");
      const host = first("x-forwarded-host");
      if (proto === "https" || proto === "http") url.protocol = `${proto}:`;
      if (host) return new URL(`${url.protocol}//${host}`).origin;
    }
    return url.origin;
  } catch {
    return undefined;
  }
}
