/** Reports (issue 12). Others reach it only through this file. */
export { createReports, type Reports } from "./reports.service.ts";
export type { ReportsDeps } from "./reports.deps.ts";
export type { ReportReader } from "./ports.ts";
export { reportsDemoSeeder } from "./reports.demo.ts";
export { reportsWidgets } from "./reports.widgets.ts";
