import type { Context } from "hono";
import { getConnInfo } from "hono/bun";
import { pickLocale } from "@ops/shared";
import { newId } from "../platform/crypto.ts";
import type { RequestContext } from "../platform/context.ts";
import type { AppEnv } from "./types.ts";

const READS = new Set(["GET", "HEAD"]);

/**
 * Opens the per-request context (request id, client address, locale) that services,
 * the audit sink and logs read. `X-Request-Id` is honoured when a proxy set a sane one.
 * The request pipeline (pipeline.ts) runs the rest of the request inside it.
 */
export function openRequestContext(c: Context<AppEnv>, trustProxy: boolean): RequestContext {
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && /^[\w.-]{8,128}$/.test(incoming) ? incoming : newId();
  c.set("requestId", requestId);
  c.set("startedAt", performance.now());
  c.header("X-Request-Id", requestId);
  // The client address costs a system call and an object per request (~7 µs of an authenticated read's ~90 µs served),
  // and reads rarely need it: a GET or HEAD looks it up when first asked. Any other method takes it now, so work
  // that outlives the answer (an audit row, a sign-in record) still finds it once the connection has moved on.
  let ip: string | null | undefined = READS.has(c.req.method) ? undefined : clientIp(c, trustProxy);
  return {
    requestId,
    get ip() {
      if (ip === undefined) ip = clientIp(c, trustProxy);
      return ip;
    },
    set ip(value: string | null) {
      ip = value;
    },
    userAgent: c.req.header("user-agent") ?? null,
    locale: pickLocale(c.req.query("lang") ?? c.req.header("accept-language")),
    // The channel comes from the authenticated actor (chat binding, API token), never from a header.
    via: "web",
    auditNotes: [],
  };
}

function clientIp(c: Context<AppEnv>, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // app.request() in tests has no socket
  }
}
