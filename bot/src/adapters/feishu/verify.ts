/**
 * Feishu/Lark callback security, checked by our own code before anything is dispatched
 * (im-protocols.md §2.2-2.4). The SDK's own check hashes a re-serialized body and answers a failure
 * with HTTP 200 and an empty body, so it is not used for verification.
 *
 * - Events and new card callbacks, with an Encrypt Key: X-Lark-Signature = hex SHA-256(timestamp +
 *   nonce + encryptKey + RAW body); the body is `{encrypt}` (AES-256-CBC, key SHA-256(encryptKey), IV prefix).
 * - Without an Encrypt Key: the verification token inside the body (`header.token`, or `token` for v1).
 * - Legacy flat card callback: X-Lark-Signature = hex SHA-1(timestamp + nonce + verificationToken + RAW body).
 * - url_verification arrives unsigned (encrypted when a key is set): its `token` is what proves it.
 */
import { AESCipher } from "@larksuiteoapi/node-sdk";
import { createHash } from "node:crypto";
import { safeEqual } from "../inbound-checks.ts";

/** Signed requests whose numeric timestamp is further than this from our clock are refused. */
export const FEISHU_MAX_SKEW_MS = 300_000;

export type VerifyConfig = { verificationToken?: string; encryptKey?: string };

/** What a verified request turned out to be. */
export type Verified =
  | { ok: true; kind: "challenge"; challenge: string }
  | { ok: true; kind: "envelope"; body: Record<string, unknown> }
  | { ok: true; kind: "legacy_card"; body: Record<string, unknown> };

export type Refused = { ok: false; reason: "invalid signature" | "stale request" };

export type SignatureHeaders = { timestamp: string | null; nonce: string | null; signature: string | null };

export function signatureHeaders(headers: Headers): SignatureHeaders {
  return {
    timestamp: headers.get("x-lark-request-timestamp"),
    nonce: headers.get("x-lark-request-nonce"),
    signature: headers.get("x-lark-signature"),
  };
}

function digestHex(algorithm: "sha256" | "sha1", prefix: string, raw: Uint8Array): string {
  return createHash(algorithm).update(prefix, "utf8").update(raw).digest("hex");
}

/** hex SHA-256(timestamp + nonce + encryptKey + raw body): a plain hash, not an HMAC. */
export function eventSignature(timestamp: string, nonce: string, encryptKey: string, raw: Uint8Array): string {
  return digestHex("sha256", timestamp + nonce + encryptKey, raw);
}

/** hex SHA-1(timestamp + nonce + verificationToken + raw body), the legacy card callback's signature. */
export function legacyCardSignature(timestamp: string, nonce: string, verificationToken: string, raw: Uint8Array): string {
  return digestHex("sha1", timestamp + nonce + verificationToken, raw);
}

/**
 * True when a numeric timestamp (seconds; milliseconds tolerated) is more than 5 minutes off our
 * clock, in either direction. A non-numeric one (the legacy callback's Go-formatted date) is not
 * judged here: the signature alone has to do.
 */
export function isStale(timestamp: string, nowMs: number): boolean {
  if (!/^\d+$/.test(timestamp)) return false;
  const n = Number(timestamp);
  const ms = n > 1e11 ? n : n * 1000;
  return Math.abs(nowMs - ms) > FEISHU_MAX_SKEW_MS;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function decrypt(encryptKey: string, encrypted: unknown): Record<string, unknown> | null {
  if (typeof encrypted !== "string") return null;
  try {
    return parseObject(new AESCipher(encryptKey).decrypt(encrypted));
  } catch {
    // A wrong key fails the PKCS#7 padding check: that is a forged or misconfigured sender.
    return null;
  }
}

/** The verification token an envelope carries: `header.token` (schema 2.0) or `token` (v1, url_verification). */
function envelopeToken(body: Record<string, unknown>): unknown {
  const header = body.header;
  if (header && typeof header === "object") return (header as Record<string, unknown>).token;
  return body.token;
}

function tokenValid(config: VerifyConfig, token: unknown): boolean {
  return Boolean(config.verificationToken) && typeof token === "string" && safeEqual(token, config.verificationToken!);
}

const refuse = (reason: Refused["reason"] = "invalid signature"): Refused => ({ ok: false, reason });

function challengeOf(config: VerifyConfig, body: Record<string, unknown>): Verified | Refused {
  if (!tokenValid(config, body.token) || typeof body.challenge !== "string") return refuse();
  return { ok: true, kind: "challenge", challenge: body.challenge };
}

/**
 * Verifies an event / new-callback request (and, for `allowLegacy`, the old flat card callback)
 * from its raw bytes and headers. Nothing is parsed beyond what choosing the check requires.
 */
export function verifyFeishuRequest(raw: Uint8Array, headers: SignatureHeaders, config: VerifyConfig, nowMs: number, allowLegacy: boolean): Verified | Refused {
  const outer = parseObject(Buffer.from(raw).toString("utf8"));
  if (!outer) return refuse();
  const { timestamp, nonce, signature } = headers;

  // The legacy callback is never encrypted and has no schema: SHA-1 over the verification token.
  if (allowLegacy && !("encrypt" in outer) && !("schema" in outer) && outer.type !== "url_verification") {
    if (!config.verificationToken || timestamp === null || nonce === null || signature === null) return refuse();
    if (!safeEqual(signature.toLowerCase(), legacyCardSignature(timestamp, nonce, config.verificationToken, raw))) return refuse();
    if (isStale(timestamp, nowMs)) return refuse("stale request");
    return { ok: true, kind: "legacy_card", body: outer };
  }

  if (config.encryptKey) {
    if (signature === null) {
      // Only the challenge comes unsigned; its (decrypted) token is what proves it.
      const plain = "encrypt" in outer ? decrypt(config.encryptKey, outer.encrypt) : outer;
      return plain?.type === "url_verification" ? challengeOf(config, plain) : refuse();
    }
    if (timestamp === null || nonce === null) return refuse();
    if (!safeEqual(signature.toLowerCase(), eventSignature(timestamp, nonce, config.encryptKey, raw))) return refuse();
    if (isStale(timestamp, nowMs)) return refuse("stale request");
    const plain = "encrypt" in outer ? decrypt(config.encryptKey, outer.encrypt) : outer;
    if (!plain) return refuse();
    // Defence in depth: a signed body still has to name our verification token when we know it.
    if (config.verificationToken && !tokenValid(config, envelopeToken(plain))) return refuse();
    if (plain.type === "url_verification") return challengeOf(config, plain);
    return { ok: true, kind: "envelope", body: plain };
  }

  // No Encrypt Key: an encrypted body cannot be ours, and the token is the only proof.
  if ("encrypt" in outer || !tokenValid(config, envelopeToken(outer))) return refuse();
  if (outer.type === "url_verification") return challengeOf(config, outer);
  return { ok: true, kind: "envelope", body: outer };
}
