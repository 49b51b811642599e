import type { Context, TypedResponse } from "hono";
import type { Envelope } from "@ops/shared";
import { t } from "@ops/shared";
import { localeOf } from "./locale.ts";

/**
 * The JSON text of answers built by `ok()`, by Response: compressAnswer (compress.ts) sizes and
 * compresses that text instead of reading the body back and building two more Responses, which
 * cost more than the envelope itself on small answers. A Response replaced or rebuilt later is
 * not in here and simply takes the general path.
 */
const jsonTexts = new WeakMap<Response, string>();

export function jsonTextOf(res: Response): string | undefined {
  return jsonTexts.get(res);
}

const JSON_TYPE = { "Content-Type": "application/json" } as const;

/**
 * Success envelope: `{code: 0, message, data, timestamp}`. Typed as a plain TypedResponse
 * (not c.json's JSONParsed mapping) so the typed client still sees `data`, while the merged
 * route types stay small enough for the compiler.
 */
export function ok<T>(c: Context, data: T, status: 200 | 201 = 200): Response & TypedResponse<Envelope<T>, 200, "json"> {
  const body: Envelope<T> = { code: 0, message: t(localeOf(c), "ok"), data, timestamp: Date.now() };
  // What c.json does (same text, same Content-Type), keeping the text.
  const text = JSON.stringify(body);
  const res = c.body(text, status, JSON_TYPE);
  jsonTexts.set(res, text);
  return res as unknown as Response & TypedResponse<Envelope<T>, 200, "json">;
}

/** The JSON text of a value of type T (JSON.stringify's output), to answer it again without serialising it again. */
export type JsonText<T> = string & { readonly __jsonOf?: T };

export function jsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/**
 * `ok()` for data already serialised (a cached answer): the same text JSON.stringify gives for
 * the envelope (same key order), with this request's message language and timestamp.
 */
export function okText<T>(c: Context, data: JsonText<T>, status: 200 | 201 = 200): Response & TypedResponse<Envelope<T>, 200, "json"> {
  const text = `{"code":0,"message":${JSON.stringify(t(localeOf(c), "ok"))},"data":${data},"timestamp":${Date.now()}}`;
  const res = c.body(text, status, JSON_TYPE);
  jsonTexts.set(res, text);
  return res as unknown as Response & TypedResponse<Envelope<T>, 200, "json">;
}
