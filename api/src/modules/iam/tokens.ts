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

export async function verifyToken<T extends { typ: string; exp: number }>(key: string, token: string, typ: T["typ"], now: Date): Promise<T> {
  let claims: T;
  try {
    // exp is checked against our clock below, so tests can move time
    claims = (await verify(token, key, { alg: "HS256", exp: false })) as unknown as T;
  } catch {
    throw unauthenticated("auth.token_invalid");
  }
  if (claims.typ !== typ || claims.exp * 1000 <= now.getTime()) throw unauthenticated("auth.token_invalid");
  return claims;
}
