import { addMs, iso } from "../../../platform/clock.ts";
import { randomToken, sha256 } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";

export type TicketKind = "sso_state" | "sso_login";

type TicketRow = { kind: string; payload: string; expires_at: string; used_at: string | null };

/**
 * One-time tickets in `auth_tickets`. The row id is the token's hash and the payload is sealed
 * with the secret box, so a copy of the table yields neither usable tickets nor tokens.
 */
export function createTickets(deps: Pick<IamDeps, "db" | "clock" | "secrets">) {
  const { db, clock, secrets } = deps;

  /** `token` defaults to a fresh random one; OIDC passes its `state` so the IdP echoes the ticket back. */
  async function issue(kind: TicketKind, payload: unknown, ttlMs: number, token = randomToken()): Promise<string> {
    const now = clock.now();
    await db.run("DELETE FROM auth_tickets WHERE kind = ? AND expires_at < ?", [kind, iso(now)]);
    await insertRow(db, "auth_tickets", {
      id: sha256(token), kind, payload: await secrets.encrypt(JSON.stringify(payload)),
      created_at: iso(now), expires_at: iso(addMs(now, ttlMs)),
    });
    return token;
  }

  /** The payload once; null when unknown, of another kind, expired or already used. */
  async function redeem<T>(kind: TicketKind, token: string): Promise<T | null> {
    const now = clock.now();
    const sealed = await db.tx(async () => {
      // FOR UPDATE makes a concurrent redeem on PostgreSQL wait and then see used_at;
      // SQLite transactions are already serialised by the store.
      const lock = db.dialect === "postgres" ? " FOR UPDATE" : "";
      const row = await db.get<TicketRow>(`SELECT kind, payload, expires_at, used_at FROM auth_tickets WHERE id = ?${lock}`, [sha256(token)]);
      if (!row || row.kind !== kind || row.used_at || Date.parse(row.expires_at) <= now.getTime()) return null;
      await db.run("UPDATE auth_tickets SET used_at = ?, payload = '' WHERE id = ?", [iso(now), sha256(token)]);
      return row.payload;
    });
    return sealed ? (JSON.parse(await secrets.decrypt(sealed)) as T) : null;
  }

  return { issue, redeem };
}

export type Tickets = ReturnType<typeof createTickets>;
