import { t } from "@ops/shared/i18n/index.ts";
import type { TicketAction, TicketKind, TicketPriority, TicketStatus } from "../../data/tickets.ts";
import { locale } from "../../providers/i18n.ts";

/** Names from the shared catalogue (the API speaks the same words in its errors and notifications). */
export const statusName = (s: TicketStatus) => t(locale(), `tickets.status.${s}`);
export const actionName = (a: TicketAction) => t(locale(), `tickets.action.${a}`);
export const kindName = (k: TicketKind) => t(locale(), `tickets.kind.${k}`);
export const priorityName = (p: TicketPriority) => t(locale(), `tickets.priority.${p}`);
export const partyName = (p: string) => t(locale(), `tickets.party.${p}`);

const BADGE: Record<TicketStatus, string> = {
  pending_review: "badge--warn", reviewed: "badge--menu", assigned: "badge--menu", in_progress: "badge--menu", done: "badge--ok", confirmed: "badge--ok",
  closed: "badge--muted", rejected: "badge--danger",
};
export const statusBadge = (s: TicketStatus) => `badge ${BADGE[s]}`;
export const priorityBadge = (p: TicketPriority) => `badge ${p === "urgent" ? "badge--danger" : p === "high" ? "badge--warn" : "badge--muted"}`;
