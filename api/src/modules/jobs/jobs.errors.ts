import { badRequest, conflict, notFound, type FieldError } from "@ops/shared";

/** 400 naming every field at fault; nothing is stored. */
export const invalidFields = (errors: FieldError[]) => badRequest("common.validation", errors);

export const jobNotFound = () => notFound("jobs.not_found");
export const runNotFound = () => notFound("jobs.run_not_found");
export const nameTaken = (name: string) => conflict("jobs.name_taken", { name }, [{ field: "name", message: "jobs.name_taken", params: { name } }]);
export const hasActiveRuns = (count: number) => conflict("jobs.has_active_runs", { count });
export const runFinished = (status: string) => conflict("jobs.run_finished", { status });
/** A flow's step run: retried through its flow run (`POST /flow-runs/{id}/retry`), which this names. */
export const retryFromFlow = (flowRunId: string) => conflict("flows.retry_from_flow", { flow_run_id: flowRunId });
