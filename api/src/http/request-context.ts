import type { MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/bun";
import { pickLocale } from "@ops/shared";
import { newId } from "../platform/crypto.ts";
import { runWithContext, type RequestContext } from "../platform/context.ts";
import type { AppEnv } from "./types.ts";

/**
 * Opens the per-request context (request id, client address, locale) that services,
 * the audit sink and logs read. `X-Request-Id` is honoured when a proxy set a sane one.
 */
export function requestContext(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w.-]{8,128}$/.test(incoming) ? incoming : newId();
    c.set("requestId", requestId);
    c.set("startedAt", performance.now());
    c.header("X-Request-Id", requestId);
    const ctx: RequestContext = {
      requestId,
      ip: clientIp(c, trustProxy),
      userAgent: c.req.header("user-agent") ?? null,
      locale: pickLocale(c.req.query("lang") ?? c.req.header("accept-language")),
      // The channel comes from the authenticated actor (chat binding, API token), never from a header.
      via: "web",
      auditNotes: [],
    };
    await runWithContext(ctx, next);
  };
}

function clientIp(c: Parameters<MiddlewareHandler>[0], trustProxy: boolean): string | null {
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
