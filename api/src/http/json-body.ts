import type { MiddlewareHandler } from "hono";
import { AppError } from "@ops/shared";
import type { AppEnv } from "./types.ts";

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;
const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * JSON bodies must be UTF-8 (RFC 8259 §8.1). The platform's decoder replaces bad bytes with
 * U+FFFD, which would then be stored as if the client had sent it; this reads the body once with
 * a fatal decoder, refuses it with 400 when it is not UTF-8, and leaves the decoded text in
 * Hono's body cache so the route's validator parses exactly this text.
 */
export const strictJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!METHODS_WITH_BODY.has(c.req.method)) return next();
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim();
  if (!JSON_MEDIA.test(mediaType) || !c.req.raw.body) return next();
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    // ignoreBOM false: a leading BOM is dropped, as JSON.parse would choke on it anyway.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("common.invalid_utf8", { status: 400 });
  }
  // Hono keeps promises in its body cache (its type says values).
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
  return next();
};
