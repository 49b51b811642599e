import { AppError, badRequest, conflict, notFound, type FieldError } from "@ops/shared";

export const datasourceNotFound = (id: string) => notFound("reports.datasource_not_found", { id });
export const datasetNotFound = (id: string) => notFound("reports.dataset_not_found", { id });
export const reportNotFound = (id: string) => notFound("reports.report_not_found", { id });
export const nameTaken = (name: string) => conflict("reports.name_taken", { name }, [{ field: "name", message: "reports.name_taken", params: { name } }]);
/** Bad input (a parameter, a builder field, a sort, a control value): 400 naming the field; nothing ran. */
export const invalid = (errors: FieldError[]) => badRequest("reports.invalid", errors, errors[0]?.params);
/** The statement tried to write: every report query is read-only. */
export const readOnly = () => new AppError("reports.query_read_only", { status: 400, errors: [{ field: "sql", message: "reports.query_read_only" }] });
/** The server cancelled the statement at the datasource's timeout. */
export const queryTimeout = (ms: number) => new AppError("reports.query_timeout", { status: 504, params: { ms }, expose: true });
export const queryCancelled = () => new AppError("reports.query_cancelled", { status: 499 });
/** The datasource did not answer or refused the connection (its own message in params.detail, no credentials). */
export const sourceUnreachable = (detail: string) => new AppError("reports.source_unreachable", { status: 502, params: { detail }, expose: true });
/** The datasource answered with an SQL error (syntax, unknown column): 400 naming `sql`. */
export const queryFailed = (detail: string) => new AppError("reports.query_failed", { status: 400, params: { detail }, errors: [{ field: "sql", message: "reports.query_failed", params: { detail } }] });
