import type { Context, TypedResponse } from "hono";
import type { Envelope } from "@ops/shared";
import { t } from "@ops/shared";
import { localeOf } from "./locale.ts";

/**
 * Success envelope: `{code: 0, message, data, timestamp}`. Typed as a plain TypedResponse
 * (not c.json's JSONParsed mapping) so the typed client still sees `data`, while the merged
 * route types stay small enough for the compiler.
 */
export function ok<T>(c: Context, data: T, status: 200 | 201 = 200): Response & TypedResponse<Envelope<T>, 200, "json"> {
  const body: Envelope<T> = { code: 0, message: t(localeOf(c), "ok"), data, timestamp: Date.now() };
  return c.json(body, status) as unknown as Response & TypedResponse<Envelope<T>, 200, "json">;
}
