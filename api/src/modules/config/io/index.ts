/** CSV/XLSX import and export of a table's records. */
export { createImportExport, ImportRefused, type ImportExport, type ImportReport } from "./io.service.ts";
export { ioRoutes } from "./io.routes.ts";
