import type { UserActor } from "@ops/shared";
import { newId } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/db.ts";
import { insertRow } from "../../platform/db/query.ts";

/** Where a request came from, as the timeline shows it: a chat platform, an API token, or the web. */
export const viaOf = (actor: UserActor | null) => (actor ? actor.via?.platform ?? (actor.tokenId ? "api" : "web") : "system");

export type EventInput = { kind: string; action?: string; from?: string; to?: string; comment?: string | null; assignee?: string | null };

/** Appends one timeline event (the actor null: the system, e.g. the SLA sweep); returns its id. */
export async function recordEvent(db: Db, ticketId: string, actor: UserActor | null, ts: string, e: EventInput): Promise<string> {
  const id = newId();
  await insertRow(db, "ticket_events", {
    id, ticket_id: ticketId, kind: e.kind, action: e.action ?? null, from_status: e.from ?? null, to_status: e.to ?? null,
    comment: e.comment ?? null, assignee_id: e.assignee ?? null, actor_id: actor?.userId ?? null, via: viaOf(actor), created_at: ts,
  });
  return id;
}
