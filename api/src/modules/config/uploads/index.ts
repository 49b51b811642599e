/** Images of image fields. */
export { createUploads, imageType, type Uploads } from "./uploads.service.ts";
export { uploadsRoutes } from "./uploads.routes.ts";
