import { DEFAULT_LOCALE, forbidden, unauthenticated, type UserActor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { currentContext } from "../../../platform/context.ts";
import { sha256 } from "../../../platform/crypto.ts";
import type { IamDeps } from "../iam.deps.ts";
import { scopesReadTable } from "./tokens.scopes.ts";
import { tokenRows } from "./tokens.store.ts";

export const API_TOKEN_PREFIX = "opst_";

/** last_used_at is written at most this often per token, so token reads stay reads */
const TOUCH_EVERY_MS = 60_000;

/** What a consumer is, beyond the Actor: its name and gray-release labels (config/consumers reads it). */
export type TokenIdentity = { id: string; name: string; labels: string[]; scopes: string[] };
const identities = new WeakMap<object, TokenIdentity>();

/** The token behind an actor, or null for a session (or bot) actor. */
export function tokenOf(actor: object | undefined | null): TokenIdentity | null {
  return (actor && identities.get(actor)) ?? null;
}

const PUBLISHED_PATH = /^\/api\/v1\/config\/([^/]+)\/published\/?$/;
const READ_METHODS = new Set(["GET", "HEAD"]);

/**
 * `opst_…` bearer → an Actor standing for the token itself (audited as `token:<name>`): no roles (so
 * data-scoped lists show it nothing beyond rows it would own), permissions = its scopes. The row is
 * read on every request (one unique-index lookup, no cache), so a revoke or an expiry applies to the
 * very next request in every process. Only GET and HEAD pass.
 *
 * The published endpoint is declared with `config:view` (what a signed-in user needs); a token holding
 * `config:read:<table>` (or `*`) gets config:view for that one path only, never for the other config routes.
 */
export function createTokenVerifier(deps: Pick<IamDeps, "db" | "clock">) {
  const rows = tokenRows(deps.db);
  const lastTouch = new Map<string, number>();
  return async function verifyApiToken(token: string, request?: { path: string; method: string }): Promise<UserActor> {
    const row = token.length <= 200 ? await rows.byHash(sha256(token)) : undefined;
    if (!row) throw unauthenticated("auth.api_token_invalid");
    if (row.revoked_at) throw unauthenticated("auth.token_revoked");
    const now = deps.clock.now().getTime();
    if (row.expires_at && Date.parse(row.expires_at) <= now) throw unauthenticated("auth.token_expired");
    if (!READ_METHODS.has((request?.method ?? "").toUpperCase())) throw forbidden("auth.token_read_only");
    const last = Math.max(row.last_used_at ? Date.parse(row.last_used_at) : 0, lastTouch.get(row.id) ?? 0);
    if (now - last > TOUCH_EVERY_MS) {
      if (lastTouch.size >= 10_000) lastTouch.clear();
      lastTouch.set(row.id, now);
      await deps.db.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [iso(new Date(now)), row.id]);
    }
    const scopes = JSON.parse(row.scopes) as string[];
    const table = request?.path.match(PUBLISHED_PATH)?.[1];
    const permissions = table && scopesReadTable(scopes, table) ? [...scopes, "config:view"] : [...scopes];
    const actor: UserActor = {
      kind: "user", userId: row.id, username: `token:${row.name}`, displayName: row.name, deptId: null, roleIds: [],
      permissions, sessionId: null, locale: currentContext()?.locale ?? DEFAULT_LOCALE, tokenId: row.id,
    };
    identities.set(actor, { id: row.id, name: row.name, labels: JSON.parse(row.labels) as string[], scopes });
    return actor;
  };
}
