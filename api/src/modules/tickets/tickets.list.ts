import type { Page, UserActor } from "@ops/shared";
import { OPEN_TICKET_STATUSES, TICKET_STATUSES, type Ticket } from "@ops/shared/contracts/tickets.ts";
import { hasPermission } from "@ops/shared";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import { Where, paginate } from "../../platform/db/query.ts";
import { RELEASED_SQL, SCOPE_COLUMNS } from "./tickets.access.ts";
import { TICKETS_ASSIGN, TICKETS_REVIEW, TICKETS_VIEW } from "./tickets.deps.ts";
import type { ListTicketsQuery } from "./tickets.schema.ts";
import { TICKET_FROM, TICKET_SELECT, toTicket, type TicketRow } from "./tickets.store.ts";

const SORTABLE = { created_at: "t.created_at", updated_at: "t.updated_at", no: "t.no", status: "t.status", priority: "t.priority" };
const csv = (v: string | undefined) => (v ? v.split(",").map((x) => x.trim()).filter(Boolean) : []);
const NUMBER = /^(?:t-?)?0*(\d{1,9})$/i;

/**
 * What the caller may see: the tickets they reported or are assigned, plus those their data scope
 * covers when they hold tickets:view, review or assign.
 */
async function visibleTo(db: Db, scope: ScopeFilter, actor: UserActor, w: Where) {
  const looker = hasPermission(actor, TICKETS_VIEW) || hasPermission(actor, TICKETS_REVIEW) || hasPermission(actor, TICKETS_ASSIGN);
  if (!looker) return w.add("(t.reporter_id = ? OR t.assignee_id = ?)", actor.userId, actor.userId);
  const fragment = await scope(actor, SCOPE_COLUMNS);
  const pm = hasPermission(actor, TICKETS_ASSIGN) ? ` OR ${RELEASED_SQL}` : "";
  if (fragment) w.add(`(${fragment.sql} OR t.reporter_id = ? OR t.assignee_id = ?${pm})`, ...fragment.params, actor.userId, actor.userId);
  return w;
}

/** The filters of the board and the list (without status: the board counts every status under them). */
async function filtered(db: Db, scope: ScopeFilter, actor: UserActor, q: ListTicketsQuery): Promise<Where> {
  const w = new Where();
  const kinds = csv(q.kind);
  if (kinds.length) w.in("t.kind", kinds);
  const priorities = csv(q.priority);
  if (priorities.length) w.in("t.priority", priorities);
  if (q.view === "mine") w.add("t.reporter_id = ?", actor.userId);
  if (q.view === "assigned") w.add("t.assignee_id = ?", actor.userId);
  // Waiting on my decision: only where my permission holds, and only within my scope (below).
  if (q.view === "to_review") w.add(hasPermission(actor, TICKETS_REVIEW) ? "t.status = 'pending_review'" : "1 = 0");
  if (q.view === "to_assign") w.add(hasPermission(actor, TICKETS_ASSIGN) ? "t.status = 'reviewed'" : "1 = 0");
  const keyword = q.q?.trim();
  const number = keyword ? NUMBER.exec(keyword) : null;
  if (number) w.add("t.no = ?", Number(number[1]));
  else w.search(["t.title", "t.description"], keyword);
  return visibleTo(db, scope, actor, w);
}

export function statusesOf(q: { status?: string }): string[] {
  if (!q.status) return [];
  return q.status === "open" ? [...OPEN_TICKET_STATUSES] : csv(q.status);
}

/** The list: filters, data scope, paging and sort per DESIGN §4, plus the count per status under the same filters. */
export async function listTickets(db: Db, scope: ScopeFilter, actor: UserActor, q: ListTicketsQuery): Promise<Page<Ticket> & { counts: Record<string, number> }> {
  const base = await filtered(db, scope, actor, q);
  const grouped = await db.all<{ status: string; c: number | string }>(
    `SELECT t.status, CAST(COUNT(*) AS INTEGER) AS c FROM tickets t ${base.sql} GROUP BY t.status`, base.params,
  );
  const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<string, number>;
  for (const g of grouped) counts[g.status] = Number(g.c);
  const w = await filtered(db, scope, actor, q);
  const statuses = statusesOf(q);
  if (statuses.length) w.in("t.status", statuses);
  const page = await paginate<TicketRow, Ticket>(db, {
    select: TICKET_SELECT, from: TICKET_FROM, where: w, query: q, sortable: SORTABLE, defaultSort: "t.created_at DESC, t.id DESC", map: toTicket,
  });
  return { ...page, counts };
}

/** Open tickets I reported or am assigned, oldest due first (the workbench's 我的工单). */
export async function myOpenTickets(db: Db, actor: UserActor, limit: number): Promise<{ total: number; items: Ticket[] }> {
  const w = new Where().in("t.status", [...OPEN_TICKET_STATUSES]).add("(t.reporter_id = ? OR t.assignee_id = ?)", actor.userId, actor.userId);
  const count = await db.get<{ c: number | string }>(`SELECT CAST(COUNT(*) AS INTEGER) AS c FROM tickets t ${w.sql}`, w.params);
  const rows = await db.all<TicketRow>(`SELECT ${TICKET_SELECT} FROM ${TICKET_FROM} ${w.sql} ORDER BY t.resolution_due_at, t.id LIMIT ?`, [...w.params, limit]);
  return { total: Number(count?.c ?? 0), items: rows.map(toTicket) };
}
