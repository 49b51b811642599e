import type { Actor, UserActor } from "@ops/shared";
import type { RouteMeta } from "./route.ts";

/** Hono context variables set by our middleware. */
export type AppVariables = {
  requestId: string;
  actor: UserActor | undefined;
  route: RouteMeta | undefined;
  startedAt: number;
  /** the chat account a bot request speaks for (X-OPS-Chat-Platform / X-OPS-Chat-User) */
  chat: ChatCaller | undefined;
};

export type ChatCaller = { platform: "slack" | "feishu" | "dingtalk"; userId: string };

export type AppEnv = { Variables: AppVariables };

export type Authenticate = (token: string, request: { path: string; method: string }) => Promise<UserActor>;
/** bot credential + chat account → the bound user's Actor, or null when the account is not bound */
export type AuthenticateBot = (key: string, chat: ChatCaller | null) => Promise<UserActor | null>;
export type { Actor };
