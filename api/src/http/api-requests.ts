import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "@ops/shared";
import { strictJsonBody } from "./json-body.ts";
import { allowedOrigins, noStoreByDefault } from "./security.ts";
import type { AppEnv, Authenticate, AuthenticateBot } from "./types.ts";

/**
 * The /api/* middleware as two steps instead of five (each step is an async frame and a
 * dispatch on every API request). They stay two because they differ in kind:
 *
 * - `apiAnswers` works on the answer: CORS for the configured origins, then `no-store` unless the
 *   route set its own cache policy. It must also see the error answers of the checks below, which
 *   Hono builds where the throwing middleware sits: so it is a step of its own, before them.
 * - `apiRequestChecks` refuses bad requests (body over the limit, NUL in the URL, JSON that is not
 *   UTF-8) and hands the routes their authenticators.
 */
export function apiAnswers(corsOrigins: string[]): MiddlewareHandler<AppEnv> {
  const cors = allowedOrigins(corsOrigins);
  return (c, next) => cors(c, async () => void (await noStoreByDefault(c, next)));
}

export function apiRequestChecks(options: {
  maxBodyBytes: number;
  /** routes that take files (comment attachments) get a larger limit of their own */
  uploads?: { paths: RegExp; maxBytes: number };
  authenticate: Authenticate;
  authenticateBot: AuthenticateBot;
}): MiddlewareHandler<AppEnv> {
  const tooLarge = (max: number, field?: string) => () => {
    const params = { max_mb: Math.round((max / 1024 / 1024) * 10) / 10 };
    throw new AppError("common.body_too_large", { status: 413, params, errors: field ? [{ field, message: "common.body_too_large_max", params }] : undefined });
  };
  const generalLimit = bodyLimit({ maxSize: options.maxBodyBytes, onError: tooLarge(options.maxBodyBytes) });
  const uploads = options.uploads;
  const uploadLimit = uploads && bodyLimit({ maxSize: uploads.maxBytes, onError: tooLarge(uploads.maxBytes, "files") });
  const limitOf = (path: string) => (uploadLimit && uploads!.paths.test(path) ? uploadLimit : generalLimit);
  return (c, next) => {
    c.set("authenticate" as never, options.authenticate as never);
    c.set("authenticateBot" as never, options.authenticateBot as never);
    // A GET or HEAD without Content-Length or Transfer-Encoding has no body (HTTP/1.1 framing; a
    // Request built in this process cannot carry one), so there is nothing to limit, and asking Bun
    // for `req.body` costs more than these lookups. Any other request takes the full check.
    const method = c.req.method;
    const headers = c.req.raw.headers;
    if ((method === "GET" || method === "HEAD") && !headers.has("content-length") && !headers.has("transfer-encoding")) return strictJsonBody(c, next);
    return limitOf(c.req.path)(c, async () => void (await strictJsonBody(c, next)));
  };
}
