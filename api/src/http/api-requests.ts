import type { Context, MiddlewareHandler, Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "@ops/shared";
import { strictJsonBody } from "./json-body.ts";
import { allowedOrigins } from "./security.ts";
import type { AppEnv, Authenticate, AuthenticateBot } from "./types.ts";

type ApiOptions = Parameters<typeof apiRequestChecks>[0] & {
  corsOrigins: string[];
  /** the app's error answer (what Hono's onError gives a route that throws) */
  onError: (err: Error, c: Context<AppEnv>) => Response | Promise<Response>;
};

/**
 * What every /api/* request goes through around its route, as one step of the request pipeline (pipeline.ts):
 * - on the way in, the checks of `apiRequestChecks` (body over the limit, NUL in the URL, JSON that is not UTF-8; the
 *   routes' authenticators). A refusal there becomes the app's error answer, as Hono makes of a middleware that throws;
 * - on the way out, whatever answered (the route, its error, a refusal above): CORS for the configured origins, and
 *   `no-store` unless the route set its own cache policy (API answers are per user and change all the time: no
 *   browser or shared cache may keep them).
 */
export function apiStage(options: ApiOptions): (c: Context<AppEnv>, next: Next) => Promise<void> {
  const cors = allowedOrigins(options.corsOrigins);
  const checks = apiRequestChecks(options);
  const inner = async (c: Context<AppEnv>, next: Next) => {
    try {
      const answer = await checks(c, next);
      if (answer instanceof Response && !c.finalized) c.res = answer;
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      c.error = err;
      c.res = await options.onError(err, c);
    }
    if (!c.res.headers.has("cache-control")) c.res.headers.set("Cache-Control", "no-store");
  };
  return async (c, next) => {
    // the cors middleware answers a preflight itself
    const answer = await cors(c, () => inner(c, next));
    if (answer instanceof Response && !c.finalized) c.res = answer;
  };
}

function apiRequestChecks(options: {
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
