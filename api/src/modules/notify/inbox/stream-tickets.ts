import { unauthenticated } from "@ops/shared";
import { addMs, iso, type Clock } from "../../../platform/clock.ts";
import { randomToken, sha256 } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { insertRow } from "../../../platform/db/query.ts";

/** Long enough to open the stream after asking, short enough that a leaked URL is worthless. */
export const STREAM_TICKET_TTL_MS = 60_000;

export type StreamTicket = { ticket: string; expires_at: string };

/**
 * One-use tickets for the live inbox: EventSource cannot send Authorization, and a bearer token
 * in the URL would be logged by every proxy. Only the ticket's hash is stored; spending it is one
 * conditional UPDATE, so two streams racing with the same ticket cannot both open.
 */
export function createStreamTickets(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async issue(userId: string, sessionId: string | null): Promise<StreamTicket> {
      const now = clock.now();
      const ticket = randomToken(32);
      const expiresAt = iso(addMs(now, STREAM_TICKET_TTL_MS));
      // Spent and expired tickets are worth nothing: clear those older than an hour while here.
      await db.run("DELETE FROM notify_stream_tickets WHERE expires_at < ?", [iso(addMs(now, -3600_000))]);
      await insertRow(db, "notify_stream_tickets", {
        id: sha256(ticket), user_id: userId, session_id: sessionId, created_at: iso(now), expires_at: expiresAt, used_at: null,
      });
      return { ticket, expires_at: expiresAt };
    },
    /** The ticket's user; 401 when it is unknown, spent or expired. */
    async redeem(ticket: string): Promise<string> {
      const now = iso(clock.now());
      const [row] = await db.all<{ user_id: string }>(
        "UPDATE notify_stream_tickets SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id",
        [now, sha256(ticket), now],
      );
      if (!row) throw unauthenticated("notify.stream_ticket_invalid");
      return row.user_id;
    },
  };
}

export type StreamTickets = ReturnType<typeof createStreamTickets>;
