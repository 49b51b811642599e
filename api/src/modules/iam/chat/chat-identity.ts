import { timingSafeEqual } from "node:crypto";
import { unauthenticated, type UserActor } from "@ops/shared";
import type { IamDeps } from "../iam.deps.ts";
import { ACTOR_USER_COLUMNS, actorOf, type ActorUserRow } from "./actor-of.ts";

/** Chat platforms whose accounts bind to OPS users (stored in user_identities by provider). */
export const CHAT_PLATFORMS = ["slack", "feishu", "dingtalk"] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

export type ChatUser = { platform: ChatPlatform; userId: string };

/**
 * The bot's credential (`Authorization: Bot <key>`) plus the chat account it speaks for →
 * that account's OPS user as an Actor (null when not bound yet). Chat requests then pass
 * the same routes, RBAC, data scopes and audit as the web.
 */
export function createBotAuthenticator(deps: IamDeps) {
  const expected = Buffer.from(deps.botKey);
  return async function authenticateBot(key: string, chat: ChatUser | null): Promise<UserActor | null> {
    const given = Buffer.from(key);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthenticated("auth.token_invalid");
    if (!chat) return null;
    const user = await deps.db.get<ActorUserRow>(
      `SELECT ${ACTOR_USER_COLUMNS.split(", ").map((c) => `u.${c}`).join(", ")} FROM user_identities i JOIN users u ON u.id = i.user_id WHERE i.provider = ? AND i.subject = ?`,
      [chat.platform, chat.userId],
    );
    if (!user) return null;
    if (user.deleted_at || user.status !== "active") throw unauthenticated("im.account_unavailable");
    return actorOf(deps.db, user, { sessionId: null, via: { platform: chat.platform, externalUserId: chat.userId } });
  };
}

export type AuthenticateBot = ReturnType<typeof createBotAuthenticator>;

export function isChatPlatform(value: string | undefined): value is ChatPlatform {
  return (CHAT_PLATFORMS as readonly string[]).includes(value ?? "");
}
