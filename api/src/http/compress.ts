import { promisify } from "node:util";
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from "node:zlib";
import type { Context } from "hono";
import type { AppEnv } from "./types.ts";
import { jsonTextOf } from "./envelope.ts";

/**
 * Compresses API JSON by Accept-Encoding: brotli (node:zlib, which Bun implements) when the
 * client takes it, else gzip. hono/compress only knows gzip and deflate and cannot size a body
 * without Content-Length, so this reads the (already in-memory) JSON and decides on its size.
 * Only application/json: SSE streams and CSV exports keep streaming untouched.
 */
export const COMPRESS_THRESHOLD = 1024;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
// Quality 3: most of brotli's gain at a fraction of the default (11)'s CPU, fit for per-request use.
// On a page of 20 users (8.9 KB of JSON) it gave 572 bytes for 32 µs of CPU, where quality 4 gave
// 562 bytes for 45 µs and gzip 732 bytes for 26 µs (min of 5 runs of 1,000, Bun 1.4).
const BROTLI_QUALITY = 3;
const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } };
/**
 * Up to this size the body is compressed synchronously: for a typical page of JSON (1-20 KiB) that
 * takes 15-40 µs, while a trip through the thread pool (the async zlib calls) cost 130-200 µs of
 * CPU per request in Bun (measured) and was the largest single cost of an authenticated list.
 */
const SYNC_LIMIT = 64 * 1024;

function compress(raw: Uint8Array | string, encoding: Encoding, byteLength: number) {
  if (byteLength <= SYNC_LIMIT) return encoding === "br" ? brotliCompressSync(raw, BROTLI_OPTIONS) : gzipSync(raw);
  return encoding === "br" ? brotli(raw, BROTLI_OPTIONS) : gz(raw);
}

export type Encoding = "br" | "gzip";

/** The best encoding the client accepts (q > 0), brotli first; undefined for identity. */
export function pickEncoding(header: string | undefined, offered: Encoding[] = ["br", "gzip"]): Encoding | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    q.set(name!, qParam ? Number(qParam.slice(2)) || 0 : 1);
  }
  let best: { enc: Encoding; q: number } | undefined;
  for (const enc of offered) {
    const weight = q.get(enc) ?? q.get("*") ?? 0;
    if (weight > 0 && (!best || weight > best.q)) best = { enc, q: weight };
  }
  return best?.enc;
}

/** Compresses the answer in place when it is JSON worth compressing and the client takes an encoding. */
export async function compressAnswer(c: Context<AppEnv>): Promise<void> {
  const res = c.res;
  // An envelope from ok() is JSON with a body; asking Bun for `res.body` would build a stream for it.
  const text = jsonTextOf(res);
  if (text === undefined) {
    const type = res.headers.get("content-type") ?? "";
    if (!/^application\/([\w.-]+\+)?json\b/i.test(type) || !res.body) return;
  }
  if (c.req.method === "HEAD") return;
  if (res.headers.has("content-encoding") || res.status === 204 || res.status === 304) return;
  if (/\bno-transform\b/i.test(res.headers.get("cache-control") ?? "")) return;
  res.headers.append("Vary", "Accept-Encoding");
  // An envelope from ok(): its text is at hand, so a small one is left as it is (body unread,
  // Accept-Encoding not even parsed). UTF-8 takes at most 3 bytes per UTF-16 unit, so most
  // answers are decided without measuring.
  const textBytes = text === undefined ? -1 : text.length * 3 < COMPRESS_THRESHOLD ? 0 : Buffer.byteLength(text);
  if (text !== undefined && textBytes < COMPRESS_THRESHOLD) return;
  const encoding = pickEncoding(c.req.header("accept-encoding"));
  if (!encoding) return;
  if (text !== undefined) return replaceBody(c, res, await compress(text, encoding, textBytes), encoding);
  const buffer = await res.arrayBuffer();
  const raw = new Uint8Array(buffer);
  if (raw.byteLength < COMPRESS_THRESHOLD) {
    // The body was read (cheaper than cloning it first): hand the same bytes on.
    c.res = new Response(buffer, { status: res.status, statusText: res.statusText, headers: res.headers });
    return;
  }
  replaceBody(c, res, await compress(raw, encoding, raw.byteLength), encoding);
}

function replaceBody(c: Context<AppEnv>, res: Response, body: Awaited<ReturnType<typeof compress>>, encoding: Encoding): void {
  // Hono copies the old response's headers onto the new one: drop the stale length first.
  res.headers.delete("content-length");
  res.headers.set("Content-Encoding", encoding);
  c.res = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}
