export { createRunService, type RunService } from "./run.service.ts";
export { startRunWorker, type RunWorkerOptions } from "./run-worker.ts";
export { runRoutes } from "./run.routes.ts";
