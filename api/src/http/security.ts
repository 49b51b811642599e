import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./types.ts";

/**
 * One Content-Security-Policy for the PWA, the API and the docs page: scripts and styles only
 * from our own origin (the PWA's service worker registration is a file, never inline), no
 * plugins, no framing, no <base> games. Images may be data: URLs (the MFA QR code) and blob:s.
 */
export const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:", "blob:"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const HSTS = "max-age=31536000; includeSubDomains";

/** Security headers on the answer, whatever it is; HSTS only when the client reached us over HTTPS. */
export function securityHeaders(trustProxy: boolean): (c: Context<AppEnv>) => Promise<void> {
  const headers = secureHeaders({
    contentSecurityPolicy: CSP,
    crossOriginEmbedderPolicy: false,
    // A browser must never remember HTTPS-only for a plain-HTTP deployment (localhost, a LAN box).
    strictTransportSecurity: false,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
  });
  // hono's middleware sets its headers once `next` is done: the answer is already there
  const answered = async () => {};
  return async (c) => {
    await headers(c, answered);
    if (isHttps(c.req.raw, trustProxy)) c.res.headers.set("Strict-Transport-Security", HSTS);
  };
}

function isHttps(req: Request, trustProxy: boolean): boolean {
  // the scheme is the start of the URL (parsing it all cost more than the rest of the check)
  if (req.url.startsWith("https:")) return true;
  // Behind a TLS-terminating proxy the request reaches us as http; only a trusted proxy may say otherwise.
  return trustProxy && req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

/**
 * CORS for the configured origins only. Credentials are allowed together with an allowed origin
 * and never announced to any other (hono's cors would send Allow-Credentials to every caller).
 */
export function allowedOrigins(origins: string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(origins);
  const withCredentials = cors({ origin: origins, credentials: true, maxAge: 600 });
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin && allowed.has(origin)) return withCredentials(c, next);
    await next();
    // The answer differs by Origin whenever some origin is allowed: caches must keep them apart. (On the answer's
    // own headers: c.header() after the answer would rebuild it around its body as a stream.)
    if (allowed.size > 0) c.res.headers.append("Vary", "Origin");
  };
}
