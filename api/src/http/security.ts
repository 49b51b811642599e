import type { MiddlewareHandler } from "hono";
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

/** Security headers on every response; HSTS only when the client reached us over HTTPS. */
export function securityHeaders(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  const headers = secureHeaders({
    contentSecurityPolicy: CSP,
    crossOriginEmbedderPolicy: false,
    // A browser must never remember HTTPS-only for a plain-HTTP deployment (localhost, a LAN box).
    strictTransportSecurity: false,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
  });
  return async (c, next) => {
    await headers(c, next);
    if (isHttps(c.req.raw, trustProxy)) c.res.headers.set("Strict-Transport-Security", HSTS);
  };
}

function isHttps(req: Request, trustProxy: boolean): boolean {
  if (new URL(req.url).protocol === "https:") return true;
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
    // The answer differs by Origin whenever some origin is allowed: caches must keep them apart.
    if (allowed.size > 0) c.header("Vary", "Origin", { append: true });
  };
}

/**
 * API answers are per-user and change all the time: no browser or shared cache may keep them
 * (a shared computer's back button, a corporate proxy), unless a route set its own policy.
 */
export const noStoreByDefault: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.res.headers.has("cache-control")) c.res.headers.set("Cache-Control", "no-store");
};
