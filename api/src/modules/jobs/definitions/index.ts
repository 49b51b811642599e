export { createJobDefinitions, type JobDefinitions } from "./job.service.ts";
export { jobRoutes } from "./job.routes.ts";
