import { hasPermission, notFound, type UserActor } from "@ops/shared";
import type { TicketRoles } from "@ops/shared/contracts/tickets.ts";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import { TICKETS_ASSIGN, TICKETS_REVIEW, TICKETS_VIEW } from "./tickets.deps.ts";
import type { TicketRow } from "./tickets.store.ts";

/** Data-scope columns of a ticket: the reporter's department at opening time, and the reporter. */
export const SCOPE_COLUMNS = { dept: "t.dept_id", owner: "t.reporter_id" };

export type TicketAccess = { roles: TicketRoles; visible: boolean };

/**
 * Tickets the contractor's PM reaches in every department: approval by 管理方 is what releases a
 * ticket to the contractor, who serves the whole organisation (seed 004). Before that, and after
 * a rejection, only the data scope applies.
 */
export const RELEASED_SQL = "t.status NOT IN ('pending_review', 'rejected')";
const released = (status: string) => status !== "pending_review" && status !== "rejected";

/**
 * What the actor is to one ticket. The reporter and the assignee always see it; holders of
 * tickets:view/review/assign see what their data scope covers, and review counts only there;
 * a tickets:assign holder is the PM of every released ticket too.
 */
export async function accessOf(db: Db, scope: ScopeFilter, actor: UserActor, row: TicketRow): Promise<TicketAccess> {
  const reporter = row.reporter_id === actor.userId;
  const engineer = row.assignee_id === actor.userId;
  const review = hasPermission(actor, TICKETS_REVIEW);
  const assign = hasPermission(actor, TICKETS_ASSIGN);
  const looker = review || assign || hasPermission(actor, TICKETS_VIEW);
  const inScope = looker && (await isInScope(db, scope, actor, row.id));
  const pm = assign && (inScope || released(row.status));
  return {
    roles: { reporter, engineer, reviewer: inScope && review, pm },
    visible: reporter || engineer || inScope || pm,
  };
}

/** Not visible answers 404, as if it did not exist: ids of others' tickets reveal nothing. */
export async function requireVisible(db: Db, scope: ScopeFilter, actor: UserActor, row: TicketRow | undefined): Promise<TicketAccess> {
  if (!row) throw notFound("tickets.not_found");
  const access = await accessOf(db, scope, actor, row);
  if (!access.visible) throw notFound("tickets.not_found");
  return access;
}

export async function isInScope(db: Db, scope: ScopeFilter, actor: UserActor, id: string): Promise<boolean> {
  const fragment = await scope(actor, SCOPE_COLUMNS);
  const row = await db.get(`SELECT t.id FROM tickets t WHERE t.id = ?${fragment ? ` AND ${fragment.sql}` : ""}`, [id, ...(fragment?.params ?? [])]);
  return row !== undefined;
}
