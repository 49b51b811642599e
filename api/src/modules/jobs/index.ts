/** Jobs engine: definitions, schedules, runs and runners. Others reach it only through this file. */
export { createJobs, type Jobs, type JobsStartOptions } from "./jobs.service.ts";
export { jobsRoutes } from "./jobs.routes.ts";
export type { JobsDeps } from "./jobs.deps.ts";
export { RUNS_QUEUE } from "./jobs.deps.ts";
export { jobsDemoSeeder } from "./jobs.demo.ts";
export { jobsWidgets } from "./jobs.widgets.ts";
