import type { MiddlewareHandler } from "hono";
import { AppError } from "@ops/shared";
import type { AppEnv } from "./types.ts";

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;
const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Text the API takes must be UTF-8 without NUL characters:
 * - JSON bodies (RFC 8259 §8.1): the platform's decoder replaces bad bytes with U+FFFD, which would
 *   then be stored as if the client had sent it. The body is read once with a fatal decoder and
 *   left in Hono's body cache, so the route's validator parses exactly this text.
 * - NUL (`%00` in the URL, `\u0000` in JSON): PostgreSQL cannot store it in text and answered 500.
 */
export const strictJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (/%00/.test(c.req.url)) throw new AppError("common.nul_in_url", { status: 400 });
  if (!METHODS_WITH_BODY.has(c.req.method)) return next();
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim();
  if (!JSON_MEDIA.test(mediaType) || !c.req.raw.body) return next();
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("common.invalid_utf8", { status: 400 });
  }
  // Only an escape can put NUL in JSON (a raw control character is invalid JSON anyway).
  if (/\\u0000/i.test(text)) {
    const field = nulField(text);
    if (field !== null) throw new AppError("common.validation", { status: 400, errors: [{ field: field || "body", message: "validation.nul_character" }] });
  }
  // Hono keeps promises in its body cache (its type says values).
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
  return next();
};

/** The path of the first key or string holding NUL ("" for the top level), or null (none, or not JSON). */
function nulField(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // the validator reports malformed JSON
  }
  const walk = (v: unknown, path: string[]): string | null => {
    if (typeof v === "string") return v.includes("\0") ? path.join(".") : null;
    if (v === null || typeof v !== "object") return null;
    for (const [k, child] of Object.entries(v)) {
      if (k.includes("\0")) return [...path, k.replaceAll("\0", "")].join(".");
      const hit = walk(child, [...path, k]);
      if (hit !== null) return hit;
    }
    return null;
  };
  return walk(value, []);
}
