/** Records of a table: list, read, writes (applied or proposed). */
export { createRecords, type Records, type WriteResult } from "./records.service.ts";
export { recordsRoutes } from "./records.routes.ts";
