import { stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Context, Hono } from "hono";
import { getMimeType } from "hono/utils/mime";
import { pickEncoding, type Encoding } from "./compress.ts";
import type { AppEnv } from "./types.ts";

/** Hashed build output: the name changes with the content, so it may be cached for good. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** Everything else (index.html, sw.js, registerSW.js, the manifest, icons): revalidate every time. */
const REVALIDATE = "no-cache";
const PRECOMPRESSED: Record<Encoding, string> = { br: ".br", gzip: ".gz" };
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".webmanifest", ".svg", ".txt", ".map"]);

type Found = { path: string; size: number; mtimeMs: number };

/**
 * Serves the built PWA; unknown non-API paths get index.html so client routes deep-link. The
 * build leaves `.br`/`.gz` beside each compressible file (pwa/vite.config.ts), sent when the client
 * accepts them. ETags come from size and modification time (no reading to answer a 304).
 */
export function servePwa(app: Hono<AppEnv>, dist: string) {
  const root = normalize(dist + sep);
  app.on(["GET", "HEAD"], "/*", async (c, next) => {
    if (c.req.path.startsWith("/api/") || c.req.path === "/api") return next();
    const rel = safePath(c.req.path);
    if (rel === null) return c.notFound();
    const file = rel === "" ? null : await findFile(root, rel);
    if (file) return sendFile(c, file, rel.startsWith("assets/") ? IMMUTABLE : REVALIDATE);
    // A missing hashed asset is a stale client asking for an old build: 404, not the app's HTML.
    if (rel.startsWith("assets/")) return next();
    const index = await findFile(root, "index.html");
    return index ? sendFile(c, index, REVALIDATE) : next();
  });
}

/** The request path as a relative file name, or null for anything that must not reach the disk. */
function safePath(path: string): string | null {
  // Hono has already percent-decoded the path: a NUL, a backslash, a dot segment or an empty
  // segment has no business in a file name (and a NUL makes the file API throw).
  if (/[\0\\]/.test(path) || /(^|\/)\.\.?(\/|$)/.test(path) || /\/\//.test(path)) return null;
  return path.replace(/^\/+/, "");
}

function findFile(root: string, rel: string): Promise<Found | null> {
  const path = join(root, rel);
  return path.startsWith(root) ? statFile(path) : Promise.resolve(null);
}

async function statFile(path: string): Promise<Found | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { path, size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}

async function sendFile(c: Context<AppEnv>, file: Found, cacheControl: string) {
  let chosen = file;
  let encoding: Encoding | undefined;
  const compressible = COMPRESSIBLE.has(extname(file.path));
  if (compressible) {
    const accept = c.req.header("accept-encoding");
    const preferred = pickEncoding(accept);
    // The client's favourite first, then the other one it takes (the build may lack one of them).
    const order = ([preferred, preferred === "br" ? "gzip" : "br"] as const).filter((e): e is Encoding => !!e && !!pickEncoding(accept, [e]));
    for (const enc of order) {
      const variant = await statFile(file.path + PRECOMPRESSED[enc]);
      // An older variant than its source is a leftover of a previous build: never serve it.
      if (variant && variant.mtimeMs >= file.mtimeMs) {
        chosen = variant;
        encoding = enc;
        break;
      }
    }
  }
  const etag = `"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ""}"`;
  const headers = new Headers({ "Content-Type": getMimeType(file.path) ?? "application/octet-stream", "Cache-Control": cacheControl, ETag: etag });
  if (compressible) headers.set("Vary", "Accept-Encoding");
  if (encoding) headers.set("Content-Encoding", encoding);
  if (matches(c.req.header("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Length", String(chosen.size));
  return new Response(c.req.method === "HEAD" ? null : Bun.file(chosen.path), { status: 200, headers });
}

/** If-None-Match: any listed tag (weak comparison, as RFC 9110 asks for GET) or `*`. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}
