import { createRoute, z, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { forbidden, hasPermission, unauthenticated } from "@ops/shared";
import { currentContext } from "../platform/context.ts";
import type { AppEnv, Authenticate } from "./types.ts";

/**
 * Every API route is declared through `defineRoute`: its permission, audit action and
 * docs live in one place. The permission is written into the OpenAPI document as
 * `x-permission`, which the role matrix test reads to check allow/deny for every route.
 *
 * access: "public" (no sign-in), "user" (any signed-in user), or a permission code.
 */
export type RouteMeta = {
  module: string;
  action: string;
  access: string;
  resourceType?: string;
  allowRestricted?: boolean;
  /** audit this route even though it is a GET (exports, secrets shown) */
  auditRead?: boolean;
};

type Extra = {
  module: string;
  action: string;
  access: "public" | "user" | (string & {});
  resourceType?: string;
  allowRestricted?: boolean;
  auditRead?: boolean;
};

const DEFAULT_RESPONSES = { 200: { description: "Envelope `{code, message, data, timestamp}`" } } as const;

export function defineRoute<
  P extends string,
  R extends Omit<RouteConfig, "path" | "responses"> & { path: P; responses?: RouteConfig["responses"] },
>(config: R & Extra) {
  const { module, action, access, resourceType, allowRestricted, auditRead, ...route } = config;
  const meta: RouteMeta = { module, action, access, resourceType, allowRestricted, auditRead };
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set("route", meta);
    if (access !== "public") await authorize(c, meta);
    await next();
  };
  const full = {
    ...route,
    tags: route.tags ?? [module],
    responses: route.responses ?? DEFAULT_RESPONSES,
    middleware: [guard],
    "x-permission": access,
    "x-audit-action": `${module}.${action}`,
  };
  // Typed as createRoute sees it (literal path, no guard): the guard's env type merged into
  // every route made the app type too complex, and our own keys are not part of RouteConfig.
  type Responses = R["responses"] extends RouteConfig["responses"] ? R["responses"] : typeof DEFAULT_RESPONSES;
  return createRoute(full as unknown as Omit<R, keyof Extra | "responses"> & { path: P; responses: Responses });
}

async function authorize(c: Parameters<MiddlewareHandler<AppEnv>>[0], meta: RouteMeta) {
  const header = c.req.header("authorization");
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) throw unauthenticated();
  const authenticate = c.get("authenticate" as never) as Authenticate;
  const actor = await authenticate(token, { path: c.req.path, method: c.req.method });
  c.set("actor", actor);
  const ctx = currentContext();
  if (ctx) {
    ctx.actor = actor;
    ctx.locale = actor.locale;
    if (actor.via) ctx.via = actor.via.platform;
    else if (actor.tokenId) ctx.via = "api";
  }
  if (actor.restricted && !meta.allowRestricted) {
    throw forbidden(actor.restricted === "password_change" ? "auth.password_change_required" : "auth.mfa_setup_required");
  }
  if (meta.access !== "user" && !hasPermission(actor, meta.access)) {
    throw forbidden("auth.forbidden", { permission: meta.access });
  }
}

/**
 * Declares a route's success body as the envelope around `data`: documents it in OpenAPI and
 * types the typed client (`hc<AppType>`), whose responses are otherwise `unknown`.
 */
export function okJson<T extends z.ZodType>(data: T, description = "OK") {
  return {
    200: {
      description,
      content: {
        "application/json": {
          schema: z.object({ code: z.number().openapi({ example: 0 }), message: z.string(), data, timestamp: z.number() }),
        },
      },
    },
  } as const;
}

/** A required JSON request body validated by `schema` (`request: jsonBody(schema)`). */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { "application/json": { schema } }, required: true } } as const;
}
