import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError, envelopeCode, t, type Envelope } from "@ops/shared";
import type { Logger } from "../platform/logger.ts";
import { newId } from "../platform/crypto.ts";
import { localeOf } from "./locale.ts";

const HTTP_EXCEPTION_CODES: Record<number, string> = {
  400: "common.invalid_json",
  413: "common.body_too_large",
  415: "http.unsupported_media_type",
};

/** The API's one error sink: every failure leaves as the envelope with a meaningful status. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    // Hono's own refusals (body limit, malformed JSON, a body of a type the route does not take).
    const code = HTTP_EXCEPTION_CODES[err.status] ?? (err.status < 500 ? "common.bad_request" : "common.internal");
    return new AppError(code, { status: err.status, expose: err.status < 500 });
  }
  return new AppError("common.internal", { status: 500, expose: false, cause: err });
}

export function errorResponse(c: Context, err: unknown, logger: Logger) {
  const appError = toAppError(err);
  const locale = localeOf(c);
  const body: Envelope<null> = {
    code: envelopeCode(appError.status),
    message: t(locale, appError.code, appError.params),
    data: null,
    timestamp: Date.now(),
    reason: appError.code,
  };
  if (appError.errors) body.errors = appError.errors.map((e) => ({ field: e.field, message: t(locale, e.message, { ...appError.params, ...e.params }) }));
  if (appError.status >= 500) {
    body.error_id = newId();
    // An exposed 5xx (a dependency down, say) keeps its own message; anything else stays opaque.
    if (!appError.expose) body.message = t(locale, "common.internal", { error_id: body.error_id });
    logger.error("request failed", { error_id: body.error_id, err: appError.cause ?? appError, path: c.req.path });
  }
  const retryAfter = appError.params.retry_after;
  if (appError.status === 429 && retryAfter) c.header("Retry-After", String(retryAfter));
  return c.json(body, appError.status as 400);
}
