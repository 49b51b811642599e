/** History: versions, diffs, rollback. */
export { createVersions } from "./versions.service.ts";
export { versionsRoutes } from "./versions.routes.ts";
export { createPrune, pruneAll } from "./prune.ts";
