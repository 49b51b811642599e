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

export async function verifyToken<T extends { typ: string; exp: number; iat: number }>(key: string, token: string, typ: T["typ"], now: Date): Promise<T> {
  let claims: T;
  try {
    // exp and iat are checked against our clock below (hono would use the wall clock), so tests can move time
    claims = (await verify(token, key, { alg: "HS256", exp: false, iat: false, nbf: false })) as unknown as T;
  } catch {
    throw unauthenticated("auth.token_invalid");
  }
  const nowS = now.getTime() / 1000;
  // a small allowance for issuers whose clocks run slightly ahead (split deployments)
  if (claims.typ !== typ || claims.exp <= nowS || claims.iat > nowS + CLOCK_SKEW_S) throw unauthenticated("auth.token_invalid");
  return claims;
}
