import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { channelRoutes } from "./channels/index.ts";
import { contentRoutes } from "./content/index.ts";
import { imMessageRoutes } from "./im/index.ts";
import { inboxRoutes, streamRoutes } from "./inbox/index.ts";
import { manageRoutes } from "./manage.routes.ts";
import type { Notify } from "./notify.service.ts";
import { templateRoutes } from "./templates/index.ts";

/** Every notification route, mounted under /api/v1 by app.ts. */
export function notifyRoutes(notify: Notify) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route("/", inboxRoutes(notify))
    .route("/", streamRoutes(notify))
    .route("/", templateRoutes(notify))
    .route("/", manageRoutes(notify))
    .route("/", imMessageRoutes(notify))
    .route("/", channelRoutes(notify))
    .route("/", contentRoutes(notify.sensitiveWords));
}
