/** CSV/XLSX uploads: `upload` datasources loaded into local tables of the built-in store. */
export { createUploads, type Uploads, type UploadsDeps, type UploadPreview } from "./uploads.service.ts";
export { uploadsRoutes } from "./uploads.routes.ts";
export { uploadTable } from "./store-table.ts";
