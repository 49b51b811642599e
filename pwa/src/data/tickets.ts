import type { Ticket, TicketAction, TicketDetail, TicketKind, TicketPriority, TicketStatus } from "@ops/shared/contracts/tickets.ts";
import { api, fetchAuthed, request, type Query } from "./client.ts";
import { ApiError } from "./api-error.ts";
import type { Page } from "./types.ts";

export type { Ticket, TicketAction, TicketDetail, TicketKind, TicketPriority, TicketStatus };
export {
  TICKET_KINDS, TICKET_LIMITS, TICKET_PRIORITIES, TICKET_STATUSES, OPEN_TICKET_STATUSES, TICKET_ATTACHMENT_TYPES, ticketNumber,
  type TicketEvent, type TicketAttachment,
} from "@ops/shared/contracts/tickets.ts";

export type TicketInput = { title: string; kind: TicketKind; priority: TicketPriority; description: string };
export type Assignee = { id: string; username: string; display_name: string };

const path = (id: string) => `/tickets/${encodeURIComponent(id)}`;

/** 运维工单: the board's list (with counts per status), opening, the moves, comments with files. */
export const ticketsApi = {
  list: (q: Query) => api.get<Page<Ticket> & { counts: Record<TicketStatus, number> }>("/tickets", q),
  create: (input: TicketInput) => api.post<Ticket>("/tickets", input),
  get: (id: string) => api.get<TicketDetail>(path(id)),
  transition: (id: string, body: { action: TicketAction; comment?: string; assignee?: string }) => api.post<TicketDetail>(`${path(id)}/transitions`, body),
  assignees: () => api.get<{ items: Assignee[] }>("/tickets/assignees"),
  comment(id: string, content: string, files: File[]) {
    const form = new FormData();
    form.set("content", content);
    for (const f of files) form.append("files", f);
    return request<TicketDetail>("POST", `${path(id)}/comments`, { form });
  },
  /** An attachment as a blob: URL (the API wants the bearer token, a plain link cannot send it). */
  async attachmentUrl(id: string, attachmentId: string): Promise<string> {
    const res = await fetchAuthed("GET", `${path(id)}/attachments/${encodeURIComponent(attachmentId)}`);
    if (!res.ok) throw new ApiError(`HTTP ${res.status}`, res.status, res.status * 100 + 1, "tickets.attachment_not_found");
    return URL.createObjectURL(await res.blob());
  },
};
