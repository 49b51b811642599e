import { AppError, badRequest, conflict, forbidden, t, type Locale } from "@ops/shared";
import { FEEDBACK_REOPEN_DAYS, type FeedbackAction, type FeedbackStatus } from "@ops/shared/contracts/feedback.ts";

/** An illegal transition: 409 whose `data` carries the state the feedback is in now. */
export class TransitionConflict extends AppError {
  constructor(
    readonly state: { id: string; status: FeedbackStatus; allowed_actions: FeedbackAction[] },
    action: FeedbackAction,
    locale: Locale,
  ) {
    super("feedback.invalid_transition", {
      status: 409,
      params: { status: state.status, status_name: t(locale, `feedback.status.${state.status}`), action, action_name: t(locale, `feedback.action.${action}`) },
      errors: [{ field: "action", message: "feedback.invalid_transition" }],
    });
  }
}

export const actionForbidden = (action: FeedbackAction, locale: Locale) =>
  forbidden("feedback.action_forbidden", { action, action_name: t(locale, `feedback.action.${action}`) });

export const reopenExpired = () => conflict("feedback.reopen_expired", { days: FEEDBACK_REOPEN_DAYS }, [{ field: "action", message: "feedback.reopen_expired" }]);

export const commentRequired = () => badRequest("common.validation", [{ field: "comment", message: "feedback.comment_required" }]);

export const assigneeUnknown = () => badRequest("common.validation", [{ field: "assignee", message: "feedback.assignee_unknown" }]);

export const commentForbidden = () => forbidden("feedback.comment_forbidden");
