/** Config tables: metadata, its checks and CRUD. */
export { createTables, type Tables } from "./tables.service.ts";
export { tablesRoutes } from "./tables.routes.ts";
export { tableProblems } from "./validate-table.ts";
