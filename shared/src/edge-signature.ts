/**
 * The edge worker's mark on a request it forwards to the origin (edge/, bot/src/webhooks.ts):
 * `X-OPS-Edge: t=<unix seconds>,v1=<hex HMAC-SHA256(OPS_EDGE_SECRET, "<t>." + raw body)>`.
 * Web Crypto only, so the Cloudflare Worker (signer) and the origin under Bun (verifier) share this file.
 */

export const EDGE_HEADER = "x-ops-edge";

/** A mark further than this from the origin's clock is refused (as Slack's five-minute window). */
export const EDGE_MAX_SKEW_SEC = 300;

const encoder = new TextEncoder();

function toHex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function hmacHex(secret: string, t: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const prefix = encoder.encode(`${t}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix, 0);
  message.set(body, prefix.length);
  return toHex(await crypto.subtle.sign("HMAC", key, message));
}

const bytesOf = (body: string | Uint8Array): Uint8Array => (typeof body === "string" ? encoder.encode(body) : body);

/** The header value for `body` signed at `nowSec`. */
export async function signEdgeRequest(secret: string, body: string | Uint8Array, nowSec: number): Promise<string> {
  const t = String(Math.floor(nowSec));
  return `t=${t},v1=${await hmacHex(secret, t, bytesOf(body))}`;
}

export type EdgeVerdict = { ok: true; t: number } | { ok: false; error: "malformed" | "stale" | "invalid_signature" };

/** Constant-time comparison of two hex digests of equal expected length. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Checks an `X-OPS-Edge` value against the raw body the origin received. */
export async function verifyEdgeRequest(secret: string, header: string, body: string | Uint8Array, nowMs: number): Promise<EdgeVerdict> {
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string | undefined]));
  const t = parts.t;
  const v1 = parts.v1;
  if (!secret || !t || !v1 || !/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/i.test(v1)) return { ok: false, error: "malformed" };
  if (Math.abs(Math.floor(nowMs / 1000) - Number(t)) > EDGE_MAX_SKEW_SEC) return { ok: false, error: "stale" };
  const expected = await hmacHex(secret, t, bytesOf(body));
  return sameHex(v1.toLowerCase(), expected) ? { ok: true, t: Number(t) } : { ok: false, error: "invalid_signature" };
}
