import { createRoute, z, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { forbidden, hasPermission, unauthenticated, type UserActor } from "@ops/shared";
import { currentContext } from "../platform/context.ts";
import type { AppEnv, Authenticate, AuthenticateBot, ChatCaller } from "./types.ts";
import { operationDocs, type ErrorStatus } from "./openapi-operation.ts";
import { SuccessEnvelope } from "./openapi-schemas.ts";

/**
 * Every API route is declared through `defineRoute`: its permission, audit action and
 * docs live in one place. The permission is written into the OpenAPI document as
 * `x-permission`, which the role matrix test reads to check allow/deny for every route.
 *
 * access: "public" (no sign-in), "user" (any signed-in user), "bot" (the chat bot's own credential,
 * bound or not), or a permission code. A bot request for a bound chat account is that user's request.
 */
export type RouteMeta = {
  module: string;
  action: string;
  access: string;
  resourceType?: string;
  allowRestricted?: boolean;
  /** audit this route even though it is a GET (exports, secrets shown) */
  auditRead?: boolean;
  /** false: bookkeeping no operator did (the bot recording where it posted a card); never audited */
  audit?: false;
};

type Extra = {
  module: string;
  action: string;
  access: "public" | "user" | "bot" | (string & {});
  resourceType?: string;
  allowRestricted?: boolean;
  auditRead?: boolean;
  audit?: false;
  /** error answers beyond the defaults (400; 401 unless public; 403; 404 with path params), e.g. `[409]` */
  errors?: ErrorStatus[];
  /** the route answers 201 (`ok(c, data, 201)`): documented under 201 instead of 200 */
  created?: true;
};

/** The type-level default (the typed client sees no body); the document gets the envelope (openapi-operation.ts). */
const DEFAULT_RESPONSES = { 200: { description: "Envelope `{code, message, data, timestamp}`" } } as const;

export function defineRoute<
  P extends string,
  R extends Omit<RouteConfig, "path" | "responses"> & { path: P; responses?: RouteConfig["responses"] },
>(config: R & Extra) {
  const { module, action, access, resourceType, allowRestricted, auditRead, audit, errors, created, ...route } = config;
  const meta: RouteMeta = { module, action, access, resourceType, allowRestricted, auditRead, audit };
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set("route", meta);
    if (access !== "public") await authorize(c, meta);
    await next();
  };
  const full = {
    ...route,
    // operationId, security, zh-CN summary, the error answers: what the OpenAPI linter asks of every operation
    ...operationDocs({ ...route, module, action, access, allowRestricted, errors, created }),
    tags: route.tags ?? [module],
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
  const header = c.req.header("authorization") ?? "";
  const botKey = header.match(/^Bot\s+(.+)$/i)?.[1];
  const actor = botKey ? await botActor(c, botKey, meta) : await bearerActor(c, header, meta);
  if (!actor) return; // a bot-only route called for an account that is not bound yet
  c.set("actor", actor);
  const ctx = currentContext();
  if (ctx) {
    ctx.actor = actor;
    ctx.locale = actor.locale;
    if (actor.via) ctx.via = chatVia(c, actor.via.platform);
    else if (actor.tokenId) ctx.via = "api";
  }
  if (actor.restricted && !meta.allowRestricted) {
    throw forbidden(actor.restricted === "password_change" ? "auth.password_change_required" : "auth.mfa_setup_required");
  }
  // An API token reaches only routes whose permission is in its scopes: never "user" routes (profile, inbox, workbench).
  if (actor.tokenId && (meta.access === "user" || meta.access === "bot")) throw forbidden("auth.token_scope");
  if (meta.access !== "user" && meta.access !== "bot" && !hasPermission(actor, meta.access)) {
    throw forbidden("auth.forbidden", { permission: meta.access });
  }
}

async function bearerActor(c: Parameters<MiddlewareHandler<AppEnv>>[0], header: string, meta: RouteMeta): Promise<UserActor> {
  const token = header.match(/^Bearer\s+(.+)$/i)?.[1];
  if (meta.access === "bot") throw unauthenticated("auth.bot_only");
  if (!token) throw unauthenticated();
  const authenticate = c.get("authenticate" as never) as Authenticate;
  return authenticate(token, { path: c.req.path, method: c.req.method });
}

/** The bot speaks for the chat account named in the headers; unbound accounts reach only bot routes. */
async function botActor(c: Parameters<MiddlewareHandler<AppEnv>>[0], key: string, meta: RouteMeta): Promise<UserActor | null> {
  const platform = c.req.header("x-ops-chat-platform");
  const userId = c.req.header("x-ops-chat-user")?.trim();
  const chat: ChatCaller | null =
    (platform === "slack" || platform === "feishu" || platform === "dingtalk") && userId && userId.length <= 200 ? { platform, userId } : null;
  const authenticateBot = c.get("authenticateBot" as never) as AuthenticateBot;
  const actor = await authenticateBot(key, chat);
  c.set("chat", chat ?? undefined);
  const ctx = currentContext();
  // The bot's own bookkeeping (no chat account named) is the bot's, not the web's.
  if (ctx) ctx.via = chat ? chatVia(c, chat.platform) : "bot";
  if (!actor && meta.access !== "bot") throw unauthenticated(chat ? "im.unbound" : "im.chat_user_required");
  return actor;
}

/**
 * The audit `via` of a bot request: the platform, plus the chat command that caused it when the
 * bot names one (X-OPS-Chat-Command, percent-encoded; only read once the bot key was accepted).
 */
function chatVia(c: Parameters<MiddlewareHandler<AppEnv>>[0], platform: string): string {
  const raw = c.req.header("x-ops-chat-command");
  if (!raw) return platform;
  let command: string;
  try {
    command = decodeURIComponent(raw);
  } catch {
    return platform;
  }
  // oxlint-disable-next-line no-control-regex -- control characters are what is being removed
  command = Array.from(command.replace(/[\u0000-\u001f\u007f]+/g, " ").trim()).slice(0, 200).join("");
  return command ? `${platform}: ${command}` : platform;
}

/**
 * Declares a route's success body as the envelope around `data`: documents it in OpenAPI and
 * types the typed client (`hc<AppType>`), whose responses are otherwise `unknown`.
 */
export function okJson<T extends z.ZodType>(data: T, description = "成功") {
  return {
    200: {
      description,
      // Extending the named envelope documents it as allOf [$ref SuccessEnvelope, {data}]. The cast
      // spares the compiler zod's extend types on every route of the app type (~9% more instantiations).
      content: { "application/json": { schema: SuccessEnvelope.extend({ data }) as unknown as Envelope<T> } },
    },
  } as const;
}

/** The shape the typed client sees: the same as an inline z.object (cheaper to check than extend's types). */
const envelopeShape = <T extends z.ZodType>(data: T) => z.object({ code: z.number(), message: z.string(), data, timestamp: z.number() });
type Envelope<T extends z.ZodType> = ReturnType<typeof envelopeShape<T>>;

/** A required JSON request body validated by `schema` (`request: jsonBody(schema)`). */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { "application/json": { schema } }, required: true } } as const;
}
