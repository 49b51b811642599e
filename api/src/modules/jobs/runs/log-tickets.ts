import { createHmac, timingSafeEqual } from "node:crypto";
import { unauthenticated } from "@ops/shared";

/**
 * One-use tickets for following a run's log with EventSource (which cannot send Authorization,
 * and a token in the URL ends up in proxy logs). The notification center's stream tickets do the
 * storing (hashed, 60 s, spent by one conditional UPDATE); ours binds one to a run with an HMAC,
 * so a ticket asked for one run (visibility checked then) opens that run's log and no other.
 */
export type TicketStore = {
  issue(userId: string, sessionId: string | null): Promise<{ ticket: string; expires_at: string }>;
  redeem(ticket: string): Promise<string>;
};

const sign = (key: string, ticket: string, runId: string) => createHmac("sha256", key).update(`job-log:${runId}:${ticket}`).digest("base64url");

export async function issueLogTicket(store: TicketStore, key: string, userId: string, sessionId: string | null, runId: string) {
  const t = await store.issue(userId, sessionId);
  return { ticket: `${t.ticket}.${sign(key, t.ticket, runId)}`, expires_at: t.expires_at };
}

/** The user a ticket was issued to, once; 401 for another run's ticket, a forged, spent or expired one. */
export async function redeemLogTicket(store: TicketStore, key: string, ticket: string, runId: string): Promise<string> {
  const dot = ticket.lastIndexOf(".");
  const [raw, mac] = dot > 0 ? [ticket.slice(0, dot), ticket.slice(dot + 1)] : ["", ""];
  const expected = Buffer.from(sign(key, raw, runId));
  const given = Buffer.from(mac);
  if (!raw || given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthenticated("jobs.log_ticket_invalid");
  return store.redeem(raw).catch(() => {
    throw unauthenticated("jobs.log_ticket_invalid");
  });
}
