import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { jobRoutes } from "./definitions/job.routes.ts";
import type { Jobs } from "./jobs.service.ts";
import { runRoutes } from "./runs/run.routes.ts";

/** `/jobs…` and `/runs…` under /api/v1. */
export function jobsRoutes(jobs: Jobs) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).route("/", jobRoutes(jobs)).route("/", runRoutes(jobs));
}
