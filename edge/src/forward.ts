/**
 * To the origin (OPS_ORIGIN_URL): chat callbacks with the raw body, the platform's headers and the
 * edge's mark (`X-OPS-Edge`, shared/src/edge-signature.ts), raced against the ack window; every other
 * request proxied as it came.
 */
import { EDGE_HEADER, signEdgeRequest } from "../../shared/src/edge-signature.ts";

/** Slack and Feishu both want an answer within 3 s; this leaves the platform's network its share. */
export const DEFAULT_ACK_MS = 2500;

/** The part of Cloudflare's ExecutionContext the edge uses. */
export type WaitUntil = { waitUntil(promise: Promise<unknown>): void };

type Log = (msg: string, fields?: Record<string, unknown>) => void;

/** Hop-by-hop and platform-set headers that must not be copied onto the origin request. */
const DROPPED = ["host", "connection", "keep-alive", "transfer-encoding", "content-length", EDGE_HEADER];

/** The original headers for the origin, plus who the client was (the origin reads them with OPS_TRUST_PROXY). */
export function originHeaders(request: Request): Headers {
  const headers = new Headers(request.headers);
  for (const name of DROPPED) headers.delete(name);
  const url = new URL(request.url);
  // Cloudflare's own view of the client, never what the client claims (the origin trusts this header with OPS_TRUST_PROXY).
  const client = request.headers.get("cf-connecting-ip");
  if (client) headers.set("x-forwarded-for", client);
  else headers.delete("x-forwarded-for");
  headers.set("x-forwarded-proto", url.protocol.replace(":", ""));
  headers.set("x-forwarded-host", url.host);
  return headers;
}

export function originUrl(origin: string, request: Request): string {
  const url = new URL(request.url);
  return `${origin.replace(/\/+$/, "")}${url.pathname}${url.search}`;
}

/** Everything that is not an asset and not a chat callback: passed through, body streamed, redirects left to the client. */
export async function proxy(origin: string, request: Request, log: Log): Promise<Response> {
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  try {
    return await fetch(originUrl(origin, request), { method: request.method, headers: originHeaders(request), body: hasBody ? request.body : null, redirect: "manual" });
  } catch (err) {
    log("edge: origin unreachable", { path: new URL(request.url).pathname, error: String(err) });
    return Response.json({ error: "origin_unreachable" }, { status: 502 });
  }
}

export type ForwardOptions = {
  origin: string;
  secret: string;
  ackMs: number;
  ctx: WaitUntil;
  log: Log;
  /** What the platform gets when the origin has not answered within ackMs (Slack: empty; Feishu: `{}`). */
  lateAck: () => Response;
  /** Runs once the origin's outcome is known to be a failure (non-2xx or unreachable): frees the dedupe key. */
  onFailure: () => Promise<void>;
};

/**
 * Forwards a verified chat callback. The origin's answer is returned when it comes within the
 * ack window (Slack renders a slash command's or view's ack body); otherwise the platform gets
 * `lateAck()` at once and the forward finishes under `waitUntil`. The bot answers commands and
 * clicks through the platform's API (chat.postMessage, response_url, Feishu's message API), so a
 * late origin answer still reaches the user; only an ack *body* the origin returns late is lost.
 */
export async function forwardCallback(request: Request, raw: Uint8Array<ArrayBuffer>, opts: ForwardOptions): Promise<Response> {
  const headers = originHeaders(request);
  headers.set(EDGE_HEADER, await signEdgeRequest(opts.secret, raw, Date.now() / 1000));
  const started = Date.now();
  const path = new URL(request.url).pathname;
  const pending = fetch(originUrl(opts.origin, request), { method: "POST", headers, body: raw, redirect: "manual" }).then(
    async (res) => {
      if (!res.ok) await opts.onFailure();
      return res;
    },
    async (err: unknown) => {
      opts.log("edge: origin unreachable", { path, error: String(err) });
      await opts.onFailure();
      return Response.json({ error: "origin_unreachable" }, { status: 502 });
    },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), opts.ackMs)));
  const first = await Promise.race([pending, late]);
  clearTimeout(timer);
  if (first) return first;
  opts.log("edge: origin slower than the ack window, acked and still forwarding", { path, ackMs: opts.ackMs });
  opts.ctx.waitUntil(
    pending.then(async (res) => {
      // Drain it: the connection is released and the log says how it ended.
      await res.arrayBuffer().catch(() => undefined);
      opts.log("edge: late origin answer", { path, status: res.status, ms: Date.now() - started });
    }),
  );
  return opts.lateAck();
}
