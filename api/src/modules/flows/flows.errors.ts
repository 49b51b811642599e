import { badRequest, conflict, notFound, type FieldError } from "@ops/shared";

/** 400 naming every field at fault; nothing is stored. */
export const invalidFields = (errors: FieldError[]) => badRequest("common.validation", errors);

export const flowNotFound = () => notFound("flows.not_found");
export const versionNotFound = () => notFound("flows.version_not_found");
export const flowRunNotFound = () => notFound("flows.run_not_found");
export const nodeNotFound = (key: string) => notFound("flows.node_not_found", { key });
export const nameTaken = (name: string) => conflict("flows.name_taken", { name }, [{ field: "name", message: "flows.name_taken", params: { name } }]);
export const hasActiveRuns = (count: number) => conflict("flows.has_active_runs", { count });
export const flowRunFinished = (status: string) => conflict("flows.run_finished", { status });
export const nodeNotWaiting = (key: string, status: string) => conflict("flows.node_not_waiting", { key, status });
export const approvalGated = (key: string, approval: string) => conflict("flows.approval_gated", { key, approval });
export const flowRunNotRetryable = (status: string) => conflict("flows.run_not_retryable", { status });
