/**
 * 运维工单 (seed 004): the shapes and the state machine, shared by the API (which enforces them),
 * the bot (whose ticket card offers the next action) and the PWA. Pure: no I/O.
 *
 * reporter 使用方 opens → reviewer 管理方 approves or rejects → contractor PM 承建方-项目经理 assigns
 * an engineer → engineer 承建方-员工 starts and submits → reporter confirms or sends back → closed.
 */
export const TICKET_KINDS = ["issue", "requirement"] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const TICKET_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** 待审核 已审核 已指派 处理中 已完成 已确认 已结单 已驳回 (DESIGN §5). */
export const TICKET_STATUSES = ["pending_review", "reviewed", "assigned", "in_progress", "done", "confirmed", "closed", "rejected"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses with work still to do (the board's open columns, 我的工单, SLA timers). */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ["pending_review", "reviewed", "assigned", "in_progress", "done", "confirmed"];

export const TICKET_ACTIONS = ["review_approve", "review_reject", "assign", "start", "submit", "confirm", "send_back", "close"] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/**
 * The party a ticket waits on: reviewer (tickets:review in scope), pm (tickets:assign in scope),
 * engineer (the assignee), reporter (who opened it).
 */
export type TicketParty = "reporter" | "reviewer" | "pm" | "engineer";

type Rule = { from: readonly TicketStatus[]; to: TicketStatus; by: readonly TicketParty[]; commentRequired?: boolean; assigneeRequired?: boolean };

export const TICKET_TRANSITIONS: Record<TicketAction, Rule> = {
  review_approve: { from: ["pending_review"], to: "reviewed", by: ["reviewer"] },
  review_reject: { from: ["pending_review"], to: "rejected", by: ["reviewer"], commentRequired: true },
  // A PM may hand an assigned ticket to someone else before work starts.
  assign: { from: ["reviewed", "assigned"], to: "assigned", by: ["pm"], assigneeRequired: true },
  start: { from: ["assigned"], to: "in_progress", by: ["engineer"] },
  submit: { from: ["in_progress"], to: "done", by: ["engineer"] },
  confirm: { from: ["done"], to: "confirmed", by: ["reporter"] },
  // Not fixed: back to the engineer, with the reason.
  send_back: { from: ["done"], to: "in_progress", by: ["reporter"], commentRequired: true },
  // 结单: the reporter or the reviewer closes a confirmed ticket.
  close: { from: ["confirmed"], to: "closed", by: ["reporter", "reviewer"] },
};

/** Who acts next in each status (SLA reminders and the "waiting on" label). */
export const TICKET_NEXT_PARTY: Record<TicketStatus, TicketParty | null> = {
  pending_review: "reviewer", reviewed: "pm", assigned: "engineer", in_progress: "engineer", done: "reporter", confirmed: "reporter",
  closed: null, rejected: null,
};

export type TicketRoles = Record<TicketParty, boolean>;

/** The actions someone holding `roles` may take on a ticket in `status`. */
export function allowedTicketActions(status: TicketStatus, roles: TicketRoles): TicketAction[] {
  return TICKET_ACTIONS.filter((a) => {
    const rule = TICKET_TRANSITIONS[a];
    return rule.from.includes(status) && rule.by.some((p) => roles[p]);
  });
}

/**
 * SLA per priority, in minutes: `response` = opened → reviewed, `resolution` = opened → done.
 * A reminder goes to the party waited on when `TICKET_SLA_REMIND_RATIO` of the target has passed;
 * past the target the ticket is flagged breached (and that party hears once more).
 */
export const TICKET_SLA: Record<TicketPriority, { response: number; resolution: number }> = {
  urgent: { response: 30, resolution: 4 * 60 },
  high: { response: 2 * 60, resolution: 24 * 60 },
  medium: { response: 8 * 60, resolution: 3 * 24 * 60 },
  low: { response: 24 * 60, resolution: 7 * 24 * 60 },
};
export const TICKET_SLA_REMIND_RATIO = 0.8;

export const TICKET_LIMITS = {
  titleMax: 200,
  descriptionMax: 5000,
  commentMax: 2000,
  /** per attachment by default (the server's cap is OPS_ATTACHMENT_MAX_BYTES), and at most this many per comment */
  attachmentBytes: 10 * 1024 * 1024,
  attachmentsPerComment: 3,
} as const;

/** Attachment types a comment may carry (checked by extension's MIME and by the declared type). */
export const TICKET_ATTACHMENT_TYPES = [
  "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv", "application/json",
  "application/zip", "application/gzip", "application/x-gzip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
] as const;

export type TicketPerson = { id: string; username: string; display_name: string } | null;

export type Ticket = {
  id: string;
  /** the number people quote: `ticketNumber(no)` (T-00042) */
  no: number;
  title: string;
  kind: TicketKind;
  priority: TicketPriority;
  status: TicketStatus;
  description: string;
  reporter: TicketPerson;
  dept_id: string | null;
  dept_name: string | null;
  assignee: TicketPerson;
  via: string;
  /** when the first response (review) is due, and when the resolution (done) is due */
  response_due_at: string;
  resolution_due_at: string;
  responded_at: string | null;
  resolved_at: string | null;
  /** an SLA target has passed before it was met */
  sla_breached: boolean;
  created_at: string;
  updated_at: string;
  status_changed_at: string;
};

export type TicketAttachment = { id: string; name: string; mime: string; size: number; created_at: string };

export type TicketEventKind = "created" | "transition" | "comment" | "sla_reminder" | "sla_breach";

export type TicketEvent = {
  id: string;
  kind: TicketEventKind;
  action: TicketAction | null;
  from_status: TicketStatus | null;
  to_status: TicketStatus | null;
  comment: string | null;
  assignee: TicketPerson;
  actor: TicketPerson;
  via: string;
  attachments: TicketAttachment[];
  created_at: string;
};

/** Detail: the ticket, its timeline (oldest first) and what the caller may do now. */
export type TicketDetail = Ticket & {
  events: TicketEvent[];
  allowed_actions: TicketAction[];
  /** the parties the caller is to this ticket */
  roles: TicketRoles;
  can_comment: boolean;
};

export function ticketNumber(no: number): string {
  return `T-${String(no).padStart(5, "0")}`;
}
