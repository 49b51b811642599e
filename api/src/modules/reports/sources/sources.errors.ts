import { AppError, conflict } from "@ops/shared";

/** A store/upload query named a table other than the report tables it may read. */
export const forbiddenTable = (table: string) =>
  new AppError("reports.query_forbidden_table", { status: 400, params: { table }, errors: [{ field: "sql", message: "reports.query_forbidden_table", params: { table } }] });
/** A store query called a function that reads files, other tables by name, or the server's state. */
export const forbiddenFunction = (name: string) =>
  new AppError("reports.query_forbidden_function", { status: 400, params: { name }, errors: [{ field: "sql", message: "reports.query_forbidden_function", params: { name } }] });
export const multipleStatements = () =>
  new AppError("reports.query_multiple_statements", { status: 400, errors: [{ field: "sql", message: "reports.query_multiple_statements" }] });
export const datasourceInUse = (count: number) => conflict("reports.datasource_in_use", { count });

/** Error text from a driver with anything that looks like credentials taken out (URLs' user:password@, password=…). */
export function scrub(message: string, secrets: string[] = []): string {
  let out = message.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, "$1").replace(/(password|pwd)\s*[=:]\s*\S+/gi, "$1=••••••");
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join("••••••");
  return out.slice(0, 300);
}
