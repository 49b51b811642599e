import { sign, verify } from "hono/jwt";
import { unauthenticated } from "@ops/shared";

/** Access tokens are short-lived HS256 JWTs bound to a session; `rst` marks a restricted token. */
export type AccessClaims = {
  sub: string;
  sid: string;
  rst?: "password_change" | "mfa_setup";
  typ: "access";
  iat: number;
  exp: number;
};

const CLOCK_SKEW_S = 60;

export type MfaClaims = { sub: string; typ: "mfa"; prv: string; iat: number; exp: number };

export async function signAccess(key: string, claims: Omit<AccessClaims, "typ" | "iat" | "exp">, now: Date, ttlSeconds: number) {
  const iat = Math.floor(now.getTime() / 1000);
  const token = await sign({ ...claims, typ: "access", iat, exp: iat + ttlSeconds }, key, "HS256");
  return { token, expiresIn: ttlSeconds };
}

export async function signMfa(key: string, userId: string, provider: string, now: Date, ttlSeconds = 300) {
  const iat = Math.floor(now.getTime() / 1000);
  return sign({ sub: userId, typ: "mfa", prv: provider, iat, exp: iat + ttlSeconds }, key, "HS256");
}

/**
 * Signatures already checked, by key and token: a client sends the same access token with every
 * request for 15 minutes, and the HMAC check (WebCrypto, key import included) was the largest
 * single cost of an authenticated request. Only verified tokens are kept; the claims' times are
 * still checked on every use, and the session behind the token is read on every request anyway.
 */
const VERIFIED_MAX = 10_000;
const verified = new Map<string, unknown>();

async function verifiedClaims<T>(key: string, token: string): Promise<T> {
  const id = `${key}\u0000${token}`;
  const known = verified.get(id);
  if (known) return known as T;
  // exp and iat are checked against our clock by the caller (hono would use the wall clock), so tests can move time
  const claims = Object.freeze(await verify(token, key, { alg: "HS256", exp: false, iat: false, nbf: false }));
  // Oldest first out (Map keeps insertion order): tokens expire in that order too.
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(id, claims);
  return claims as T;
}

export async function verifyToken<T extends { typ: string; exp: number; iat: number }>(key: string, token: string, typ: T["typ"], now: Date): Promise<T> {
  let claims: T;
  try {
    claims = await verifiedClaims<T>(key, token);
  } catch {
    throw unauthenticated("auth.token_invalid");
  }
  const nowS = now.getTime() / 1000;
  // a small allowance for issuers whose clocks run slightly ahead (split deployments)
  if (claims.typ !== typ || claims.exp <= nowS || claims.iat > nowS + CLOCK_SKEW_S) throw unauthenticated("auth.token_invalid");
  return claims;
}
