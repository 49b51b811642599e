import { AppError, badRequest, forbidden, t, type Locale } from "@ops/shared";
import type { TicketAction, TicketStatus } from "@ops/shared/contracts/tickets.ts";

/** An illegal transition: 409 naming the status; `data` carries the ticket's state now, so a stale screen catches up. */
export class TicketConflict extends AppError {
  constructor(
    readonly state: { id: string; status: TicketStatus; allowed_actions: TicketAction[] },
    action: TicketAction,
    locale: Locale,
  ) {
    super("tickets.invalid_transition", {
      status: 409,
      params: { status: state.status, status_name: t(locale, `tickets.status.${state.status}`), action, action_name: t(locale, `tickets.action.${action}`) },
      errors: [{ field: "action", message: "tickets.invalid_transition" }],
    });
  }
}

export const actionForbidden = (action: TicketAction, locale: Locale) =>
  forbidden("tickets.action_forbidden", { action, action_name: t(locale, `tickets.action.${action}`) });

export const commentRequired = () => badRequest("common.validation", [{ field: "comment", message: "tickets.comment_required" }]);
export const assigneeRequired = () => badRequest("common.validation", [{ field: "assignee", message: "tickets.assignee_required" }]);
export const assigneeUnknown = () => badRequest("common.validation", [{ field: "assignee", message: "tickets.assignee_unknown" }]);
export const commentForbidden = () => forbidden("tickets.comment_forbidden");
