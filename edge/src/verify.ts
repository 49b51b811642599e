/**
 * Platform signatures checked at the edge, with Web Crypto. The rules are the origin's
 * (bot/src/adapters/slack/verify.ts, bot/src/adapters/feishu/verify.ts), but those are synchronous
 * node:crypto code and the Feishu one decrypts with the Lark SDK, which cannot be bundled into a
 * Worker; Web Crypto is async-only, so sharing them would make the origin's intake async for no gain.
 * edge/tests/verify.test.ts checks both sides agree on the same inputs.
 */

export const SLACK_MAX_CLOCK_SKEW_SEC = 300;
export const FEISHU_MAX_SKEW_MS = 300_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const hex = (buf: ArrayBuffer): string => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Constant-time string equality. Both sides are hashed first so neither their content nor their
 * length shapes the comparison (the origin's safeEqual does the same).
 */
export async function safeEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([crypto.subtle.digest("SHA-256", encoder.encode(a)), crypto.subtle.digest("SHA-256", encoder.encode(b))]);
  const x = new Uint8Array(da);
  const y = new Uint8Array(db);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0 && a.length === b.length;
}

// ---------------------------------------------------------------------------------------------- Slack

export type SlackVerdict = { ok: true } | { ok: false; error: "invalid_signature" | "stale_request" };

export async function slackSignatureOf(signingSecret: string, timestamp: string, rawBody: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(signingSecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return `v0=${hex(await crypto.subtle.sign("HMAC", key, encoder.encode(`v0:${timestamp}:${rawBody}`)))}`;
}

/** v0 HMAC over `v0:<ts>:<raw body>` and a five-minute window in both directions, as the origin. */
export async function verifySlack(signingSecret: string, rawBody: string, signature: string | null, timestamp: string | null, nowMs: number): Promise<SlackVerdict> {
  if (!signingSecret || !signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, error: "invalid_signature" };
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > SLACK_MAX_CLOCK_SKEW_SEC) return { ok: false, error: "stale_request" };
  if (!(await safeEqual(signature, await slackSignatureOf(signingSecret, timestamp, rawBody)))) return { ok: false, error: "invalid_signature" };
  return { ok: true };
}

// --------------------------------------------------------------------------------------------- Feishu

export type FeishuConfig = { verificationToken?: string; encryptKey?: string };

export type FeishuVerified =
  | { ok: true; kind: "challenge"; challenge: string }
  | { ok: true; kind: "envelope"; body: Record<string, unknown> }
  | { ok: true; kind: "legacy_card"; body: Record<string, unknown> };

export type FeishuRefused = { ok: false; reason: "invalid signature" | "stale request" };

export type FeishuSignatureHeaders = { timestamp: string | null; nonce: string | null; signature: string | null };

export function feishuHeaders(headers: Headers): FeishuSignatureHeaders {
  return { timestamp: headers.get("x-lark-request-timestamp"), nonce: headers.get("x-lark-request-nonce"), signature: headers.get("x-lark-signature") };
}

async function digestHex(algorithm: "SHA-256" | "SHA-1", prefix: string, raw: Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest(algorithm, concat(encoder.encode(prefix), raw)));
}

/** hex SHA-256(timestamp + nonce + encryptKey + raw body): a plain hash, not an HMAC. */
export const feishuEventSignature = (timestamp: string, nonce: string, encryptKey: string, raw: Uint8Array) => digestHex("SHA-256", timestamp + nonce + encryptKey, raw);

/** hex SHA-1(timestamp + nonce + verificationToken + raw body): the legacy card callback. */
export const feishuLegacyCardSignature = (timestamp: string, nonce: string, token: string, raw: Uint8Array) => digestHex("SHA-1", timestamp + nonce + token, raw);

/** A numeric timestamp (s, or ms) more than 5 minutes off; a non-numeric one is left to the signature. */
function isStale(timestamp: string, nowMs: number): boolean {
  if (!/^\d+$/.test(timestamp)) return false;
  const n = Number(timestamp);
  return Math.abs(nowMs - (n > 1e11 ? n : n * 1000)) > FEISHU_MAX_SKEW_MS;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** AES-256-CBC, key SHA-256(encryptKey), the IV prefixed to the ciphertext, PKCS#7 (what Web Crypto's AES-CBC strips). */
export async function feishuDecryptText(encryptKey: string, encrypted: string): Promise<string> {
  const bytes = Uint8Array.from(atob(encrypted), (c) => c.charCodeAt(0));
  const keyBytes = await crypto.subtle.digest("SHA-256", encoder.encode(encryptKey));
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "AES-CBC" }, false, ["decrypt"]);
  return decoder.decode(await crypto.subtle.decrypt({ name: "AES-CBC", iv: bytes.slice(0, 16) }, key, bytes.slice(16)));
}

async function feishuDecrypt(encryptKey: string, encrypted: unknown): Promise<Record<string, unknown> | null> {
  if (typeof encrypted !== "string") return null;
  try {
    return parseObject(await feishuDecryptText(encryptKey, encrypted));
  } catch {
    // A wrong key fails the padding check: a forged or misconfigured sender.
    return null;
  }
}

function envelopeToken(body: Record<string, unknown>): unknown {
  const header = body.header;
  if (header && typeof header === "object") return (header as Record<string, unknown>).token;
  return body.token;
}

async function tokenValid(config: FeishuConfig, token: unknown): Promise<boolean> {
  return Boolean(config.verificationToken) && typeof token === "string" && (await safeEqual(token, config.verificationToken!));
}

const refuse = (reason: FeishuRefused["reason"] = "invalid signature"): FeishuRefused => ({ ok: false, reason });

async function challengeOf(config: FeishuConfig, body: Record<string, unknown>): Promise<FeishuVerified | FeishuRefused> {
  if (!(await tokenValid(config, body.token)) || typeof body.challenge !== "string") return refuse();
  return { ok: true, kind: "challenge", challenge: body.challenge };
}

/** The origin's verifyFeishuRequest, step for step (see bot/src/adapters/feishu/verify.ts for the why of each). */
export async function verifyFeishu(raw: Uint8Array, headers: FeishuSignatureHeaders, config: FeishuConfig, nowMs: number, allowLegacy: boolean): Promise<FeishuVerified | FeishuRefused> {
  const outer = parseObject(decoder.decode(raw));
  if (!outer) return refuse();
  const { timestamp, nonce, signature } = headers;

  if (allowLegacy && !("encrypt" in outer) && !("schema" in outer) && outer.type !== "url_verification") {
    if (!config.verificationToken || timestamp === null || nonce === null || signature === null) return refuse();
    if (!(await safeEqual(signature.toLowerCase(), await feishuLegacyCardSignature(timestamp, nonce, config.verificationToken, raw)))) return refuse();
    if (isStale(timestamp, nowMs)) return refuse("stale request");
    return { ok: true, kind: "legacy_card", body: outer };
  }

  if (config.encryptKey) {
    if (signature === null) {
      const plain = "encrypt" in outer ? await feishuDecrypt(config.encryptKey, outer.encrypt) : outer;
      return plain?.type === "url_verification" ? challengeOf(config, plain) : refuse();
    }
    if (timestamp === null || nonce === null) return refuse();
    if (!(await safeEqual(signature.toLowerCase(), await feishuEventSignature(timestamp, nonce, config.encryptKey, raw)))) return refuse();
    if (isStale(timestamp, nowMs)) return refuse("stale request");
    const plain = "encrypt" in outer ? await feishuDecrypt(config.encryptKey, outer.encrypt) : outer;
    if (!plain) return refuse();
    if (config.verificationToken && !(await tokenValid(config, envelopeToken(plain)))) return refuse();
    if (plain.type === "url_verification") return challengeOf(config, plain);
    return { ok: true, kind: "envelope", body: plain };
  }

  if ("encrypt" in outer || !(await tokenValid(config, envelopeToken(outer)))) return refuse();
  if (outer.type === "url_verification") return challengeOf(config, outer);
  return { ok: true, kind: "envelope", body: outer };
}
