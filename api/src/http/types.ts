import type { Actor, UserActor } from "@ops/shared";
import type { RouteMeta } from "./route.ts";

/** Hono context variables set by our middleware. */
export type AppVariables = {
  requestId: string;
  actor: UserActor | undefined;
  route: RouteMeta | undefined;
  startedAt: number;
};

export type AppEnv = { Variables: AppVariables };

export type Authenticate = (token: string, request: { path: string; method: string }) => Promise<UserActor>;
export type { Actor };
