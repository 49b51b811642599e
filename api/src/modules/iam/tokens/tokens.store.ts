import type { ApiToken } from "@ops/shared/contracts/config.ts";
import type { Db } from "../../../platform/db/db.ts";
import { Where, paginate, type ListQuery } from "../../../platform/db/query.ts";
import type { Page } from "@ops/shared";

export type TokenRow = {
  id: string; name: string; token_hash: string; scopes: string; labels: string; expires_at: string | null;
  last_used_at: string | null; revoked_at: string | null; created_by: string; created_at: string;
};

const COLUMNS = "id, name, token_hash, scopes, labels, expires_at, last_used_at, revoked_at, created_by, created_at";

export function toApiToken(r: TokenRow): ApiToken {
  return {
    id: r.id, name: r.name, scopes: JSON.parse(r.scopes) as string[], labels: JSON.parse(r.labels) as string[],
    expires_at: r.expires_at, last_used_at: r.last_used_at, revoked_at: r.revoked_at, created_by: r.created_by, created_at: r.created_at,
  };
}

export const tokenRows = (db: Db) => ({
  byId: (id: string) => db.get<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`, [id]),
  /** the lookup every token request makes (unique index on token_hash) */
  byHash: (hash: string) => db.get<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ?`, [hash]),
  liveByName: (name: string) => db.get<{ id: string }>("SELECT id FROM api_tokens WHERE name = ? AND revoked_at IS NULL", [name]),
  list(query: ListQuery & { status?: "live" | "revoked" }): Promise<Page<ApiToken>> {
    const where = new Where();
    if (query.status === "live") where.add("revoked_at IS NULL");
    if (query.status === "revoked") where.add("revoked_at IS NOT NULL");
    return paginate<TokenRow, ApiToken>(db, {
      select: COLUMNS, from: "api_tokens", where, query,
      sortable: { created_at: "created_at", name: "name", last_used_at: "last_used_at", expires_at: "expires_at" },
      defaultSort: "created_at DESC, id DESC", map: toApiToken,
    });
  },
});
