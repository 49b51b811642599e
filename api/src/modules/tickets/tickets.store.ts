import type { Ticket, TicketAttachment, TicketEvent, TicketPerson } from "@ops/shared/contracts/tickets.ts";
import type { Db } from "../../platform/db/db.ts";

/** One ticket row joined with the people and department it names. */
export type TicketRow = {
  id: string;
  no: number | string;
  title: string;
  kind: string;
  priority: string;
  status: string;
  description: string;
  reporter_id: string;
  dept_id: string | null;
  assignee_id: string | null;
  via: string;
  response_due_at: string;
  resolution_due_at: string;
  responded_at: string | null;
  resolved_at: string | null;
  sla_reminded: string;
  sla_breached: number | string;
  created_at: string;
  updated_at: string;
  status_changed_at: string;
  r_username: string | null;
  r_name: string | null;
  a_username: string | null;
  a_name: string | null;
  dept_name: string | null;
};

export const TICKET_SELECT = `t.*, r.username AS r_username, r.display_name AS r_name,
  a.username AS a_username, a.display_name AS a_name, d.name AS dept_name`;
export const TICKET_FROM = `tickets t LEFT JOIN users r ON r.id = t.reporter_id
  LEFT JOIN users a ON a.id = t.assignee_id LEFT JOIN departments d ON d.id = t.dept_id`;

export const person = (id: string | null, username: string | null, name: string | null): TicketPerson =>
  id ? { id, username: username ?? "", display_name: name ?? username ?? "" } : null;

export function toTicket(r: TicketRow): Ticket {
  return {
    id: r.id,
    no: Number(r.no),
    title: r.title,
    kind: r.kind as Ticket["kind"],
    priority: r.priority as Ticket["priority"],
    status: r.status as Ticket["status"],
    description: r.description,
    reporter: person(r.reporter_id, r.r_username, r.r_name),
    dept_id: r.dept_id,
    dept_name: r.dept_name,
    assignee: person(r.assignee_id, r.a_username, r.a_name),
    via: r.via,
    response_due_at: r.response_due_at,
    resolution_due_at: r.resolution_due_at,
    responded_at: r.responded_at,
    resolved_at: r.resolved_at,
    sla_breached: Number(r.sla_breached) === 1,
    created_at: r.created_at,
    updated_at: r.updated_at,
    status_changed_at: r.status_changed_at,
  };
}

export async function loadTicket(db: Db, id: string): Promise<TicketRow | undefined> {
  return db.get<TicketRow>(`SELECT ${TICKET_SELECT} FROM ${TICKET_FROM} WHERE t.id = ?`, [id]);
}

type EventRow = {
  id: string; kind: string; action: string | null; from_status: string | null; to_status: string | null; comment: string | null;
  assignee_id: string | null; actor_id: string | null; via: string; created_at: string;
  a_username: string | null; a_name: string | null; u_username: string | null; u_name: string | null;
};

type AttachmentRow = { id: string; event_id: string; name: string; mime: string; size: number | string; created_at: string };

/** The timeline, oldest first (ids are time-ordered UUIDv7, so equal timestamps keep their order), with each comment's files. */
export async function loadEvents(db: Db, ticketId: string): Promise<TicketEvent[]> {
  const rows = await db.all<EventRow>(
    `SELECT e.*, a.username AS a_username, a.display_name AS a_name, u.username AS u_username, u.display_name AS u_name
     FROM ticket_events e LEFT JOIN users a ON a.id = e.assignee_id LEFT JOIN users u ON u.id = e.actor_id
     WHERE e.ticket_id = ? ORDER BY e.created_at, e.id`,
    [ticketId],
  );
  const files = await db.all<AttachmentRow>(
    "SELECT id, event_id, name, mime, size, created_at FROM ticket_attachments WHERE ticket_id = ? ORDER BY created_at, id", [ticketId],
  );
  const byEvent = new Map<string, TicketAttachment[]>();
  for (const f of files) {
    byEvent.set(f.event_id, [...(byEvent.get(f.event_id) ?? []), { id: f.id, name: f.name, mime: f.mime, size: Number(f.size), created_at: f.created_at }]);
  }
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as TicketEvent["kind"],
    action: r.action as TicketEvent["action"],
    from_status: r.from_status as TicketEvent["from_status"],
    to_status: r.to_status as TicketEvent["to_status"],
    comment: r.comment,
    assignee: person(r.assignee_id, r.a_username, r.a_name),
    actor: person(r.actor_id, r.u_username, r.u_name),
    via: r.via,
    attachments: byEvent.get(r.id) ?? [],
    created_at: r.created_at,
  }));
}

/** An active, not deleted user by id or username. */
export async function activeUser(db: Db, idOrName: string): Promise<{ id: string; locale: string } | undefined> {
  return db.get<{ id: string; locale: string }>(
    "SELECT id, locale FROM users WHERE (id = ? OR username = ?) AND status = 'active' AND deleted_at IS NULL", [idOrName, idOrName],
  );
}
