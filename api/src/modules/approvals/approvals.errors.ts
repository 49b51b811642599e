import { AppError, badRequest, conflict, forbidden, notFound, rateLimited, type FieldError } from "@ops/shared";

/** 400 naming every field at fault; nothing is stored. */
export const invalidFields = (errors: FieldError[]) => badRequest("common.validation", errors);
export const invalidField = (field: string, message: string, params?: Record<string, unknown>) => invalidFields([{ field, message, params }]);

export const definitionNotFound = () => notFound("approvals.definition_not_found");
export const instanceNotFound = () => notFound("approvals.instance_not_found");
export const taskNotFound = () => notFound("approvals.task_not_found");
export const keyTaken = (key: string) => conflict("approvals.key_taken", { key }, [{ field: "key", message: "approvals.key_taken", params: { key } }]);
export const notYourTask = () => forbidden("approvals.not_your_task");
export const notInitiator = () => forbidden("approvals.not_initiator");
/** "已由 张三 于 14:02 同意": who decided the task and when, in the reader's words. */
export const alreadyDecided = (params: { who: string; at: string; decision: string }, code = "approvals.already_decided") => new AppError(code, { status: 409, params });
export const instanceFinished = (status: string) => conflict("approvals.instance_finished", { status });
export const definitionArchived = () => conflict("approvals.definition_archived");
export const notPublished = (key: string) => invalidField("definition", "approvals.definition_not_published", { key });
export const withdrawNotAllowed = () => conflict("approvals.withdraw_not_allowed");
export const urgedRecently = (retryAfter: number) => rateLimited("approvals.urged_recently", { retry_after: retryAfter });
