/** Exports of reports (xlsx/CSV streamed, PNG/PDF pictures, export jobs). Others reach it only through this file. */
export { createExports, type Exports, type ExportJob } from "./exports.service.ts";
export { exportsRoutes } from "./exports.routes.ts";
export { writeTable, CONTENT_TYPES, type TableFormat, type RowSource } from "./writers.ts";
export { streamTable } from "./stream-out.ts";
export { DELIVERY_QUEUE, EXPORTS_QUEUE, EXPORT_KEEP_DAYS, watermarkOf, paramsOf, paramsText, periodOf, type DeliveryDeps } from "./delivery.deps.ts";
