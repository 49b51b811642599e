import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import type { Config } from "./config.service.ts";
import { recordsRoutes } from "./records/index.ts";
import { tablesRoutes } from "./tables/index.ts";
import { versionsRoutes } from "./versions/index.ts";
import { ioRoutes } from "./io/index.ts";
import { uploadsRoutes } from "./uploads/index.ts";
import { releaseRoutes, type ConfigReleaseService } from "./release/index.ts";
import type { ConfigConsumers } from "./consumers/index.ts";
import { systemRoutes } from "./system/index.ts";

/** Every config route under /api/v1/config; release/ and consumers/ add theirs with `.route("/", …)`. */
export function configRoutes(config: Config, release: ConfigReleaseService, consumers: ConfigConsumers) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .route("/", tablesRoutes(config.tables))
    .route("/", versionsRoutes(config.versions))
    // before the records' /records/{key}: "import" and "export" are these routes, not record keys
    .route("/", ioRoutes(config.io))
    .route("/", uploadsRoutes(config.uploads))
    .route("/", recordsRoutes(config.records))
    .route("/", releaseRoutes(release))
    .route("/", consumers.routes)
    .route("/", systemRoutes({ imCredentials: () => config.system.imCredentials(), audit: config.deps.audit }));
}
