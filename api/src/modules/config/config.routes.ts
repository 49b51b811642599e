import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import type { Config } from "./config.service.ts";
import { recordsRoutes } from "./records/index.ts";
import { tablesRoutes } from "./tables/index.ts";
import { versionsRoutes } from "./versions/index.ts";

/** Every config route under /api/v1/config; release/ and consumers/ add theirs with `.route("/", …)`. */
export function configRoutes(config: Config) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .route("/", tablesRoutes(config.tables))
    .route("/", versionsRoutes(config.versions))
    .route("/", recordsRoutes(config.records));
}
