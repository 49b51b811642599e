import { AppError, badRequest, conflict, notFound, type UserActor } from "@ops/shared";
import type { ApiToken } from "@ops/shared/contracts/config.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId, randomToken, sha256 } from "../../../platform/crypto.ts";
import { insertRow, type ListQuery } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { checkScopes } from "./tokens.scopes.ts";
import { toApiToken, tokenRows, type TokenRow } from "./tokens.store.ts";
import { API_TOKEN_PREFIX } from "./tokens.verify.ts";

export type TokenInput = { name: string; scopes: string[]; labels?: string[]; expires_at?: string | null };
export type IssuedToken = ApiToken & { token: string };

/** `opst_` + 32 random bytes (base64url); only its SHA-256 is stored. */
const newSecret = () => `${API_TOKEN_PREFIX}${randomToken(32)}`;

export function createTokens(deps: Pick<IamDeps, "db" | "clock">) {
  const { db, clock } = deps;
  const rows = tokenRows(db);

  async function live(id: string): Promise<TokenRow> {
    const row = await rows.byId(id);
    if (!row) throw notFound("iam.token_not_found");
    return row;
  }

  return {
    list: (query: ListQuery & { status?: "live" | "revoked" }) => rows.list(query),
    get: async (id: string) => toApiToken(await live(id)),

    /** Refuses (nothing stored) write, unknown or unheld scopes at `scopes.<i>`, a past expiry, a live name taken (409). */
    async create(input: TokenInput, creator: UserActor): Promise<IssuedToken> {
      const errors = checkScopes(input.scopes, creator);
      if (input.expires_at && Date.parse(input.expires_at) <= clock.now().getTime()) errors.push({ field: "expires_at", message: "iam.token_expires_past" });
      if (errors.some((e) => e.message === "iam.token_scope_write")) throw new AppError("common.validation", { status: 422, errors });
      if (errors.length) throw badRequest("common.validation", errors);
      return db.tx(async () => {
        if (await rows.liveByName(input.name)) throw conflict("iam.token_name_taken", { name: input.name }, [{ field: "name", message: "iam.token_name_taken" }]);
        const token = newSecret();
        const row: TokenRow = {
          id: newId(), name: input.name, token_hash: sha256(token), scopes: JSON.stringify([...new Set(input.scopes)]),
          labels: JSON.stringify([...new Set(input.labels ?? [])]), expires_at: input.expires_at ? iso(new Date(input.expires_at)) : null,
          last_used_at: null, revoked_at: null, created_by: creator.userId, created_at: iso(clock.now()),
        };
        await insertRow(db, "api_tokens", row);
        const out = toApiToken(row);
        noteAudit({ resourceType: "api_token", resourceId: out.id, after: out });
        return { ...out, token };
      });
    },

    /** Revoked at once: the verifier reads the row on every request. Revoking twice is a 409. */
    async revoke(id: string): Promise<ApiToken> {
      const before = await live(id);
      if (before.revoked_at) throw conflict("iam.token_revoked_already");
      await db.run("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [iso(clock.now()), id]);
      const after = toApiToken((await rows.byId(id))!);
      noteAudit({ resourceType: "api_token", resourceId: id, before: toApiToken(before), after });
      return after;
    },

    /** A new secret for the same token (same id, name, scopes); the old secret stops working at once. */
    async rotate(id: string): Promise<IssuedToken> {
      const before = await live(id);
      if (before.revoked_at) throw conflict("iam.token_revoked_already");
      const token = newSecret();
      await db.run("UPDATE api_tokens SET token_hash = ? WHERE id = ?", [sha256(token), id]);
      const out = toApiToken(before);
      noteAudit({ resourceType: "api_token", resourceId: id, after: { ...out, rotated: true } });
      return { ...out, token };
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
