import { AppError, conflict, forbidden, notFound, type FieldError } from "@ops/shared";

export const tableNotFound = (name: string) => notFound("config.table_not_found", { table: name });
export const recordNotFound = (key: string) => notFound("config.record_not_found", { key });
export const versionNotFound = (version: number) => notFound("config.version_not_found", { version });
export const uploadNotFound = () => notFound("config.upload_not_found");
export const tableWriteForbidden = (name: string) => forbidden("config.write_forbidden", { table: name });
export const recordOutOfScope = () => forbidden("config.record_out_of_scope");

/** Values that break the table's rules: 422 naming each field; nothing was stored. */
export const invalid = (errors: FieldError[]) => new AppError("config.invalid", { status: 422, errors, params: errors[0]?.params });
/** Table metadata that does not hold together (400 like any bad body). */
export const badTable = (errors: FieldError[]) => new AppError("config.table_invalid", { status: 400, errors, params: errors[0]?.params });
export const tableExists = (name: string) => conflict("config.table_exists", { table: name }, [{ field: "name", message: "config.table_exists", params: { table: name } }]);
export const staleRecord = (key: string, current: number) =>
  conflict("config.record_stale", { key, version: current }, [{ field: "If-Match", message: "config.record_stale", params: { key, version: current } }]);
/** "import" / "export" as a record key (those are the import and export routes): 400 naming the key field. */
export const reservedKey = (field: string, key: string) =>
  new AppError("config.record_key_reserved", { status: 400, params: { key }, errors: [{ field: `values.${field}`, message: "config.record_key_reserved", params: { key } }] });
export const reasonRequired = () => new AppError("config.invalid", { status: 422, errors: [{ field: "reason", message: "config.reason_required" }] });
