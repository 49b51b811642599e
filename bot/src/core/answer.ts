/** What the core answers with, before any platform is chosen. */
import { errorCard, type Card } from "@ops/cards";
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { ApiCallError, type ApiClient, type Caller } from "./api-client.ts";
import type { BotLogger } from "./port.ts";

/** A card plus what it shows, so a posted copy can be recorded as a message ref and updated later. */
export type Answer = {
  card: Card; kind: string; userId?: string;
  /** what the card shows; `parent` where reading it again needs more than its id (a backfill's job) */
  entity?: { type: string; id: string; parent?: string };
  /** a credential (one-time bind link): only the person who asked may see it, never a group */
  private?: boolean;
  /** for the asker's eyes only but no secret (a refused click): Slack ephemeral, a Feishu/DingTalk 1:1 message */
  ephemeral?: boolean;
};

export type ActionAnswer = { update: Answer | null; cards: Answer[] };

/** Where the answer is computed for: the caller, the platform's command prefix and language. */
export type AnswerCtx = {
  api: ApiClient;
  caller: Exclude<Caller, { kind: "bot" }>;
  /** "web" for the PWA console */
  platform: "slack" | "feishu" | "dingtalk" | "web";
  /** the chat account (chat callers) or the username (web) */
  externalUserId: string;
  /** chat callers: what the bot knows of them (display name, workspace) and where their callback came in */
  requester?: { name?: string; lookupName?: () => Promise<string | undefined>; workspace?: { id: string; name?: string }; origin?: string };
  prefix: string;
  locale: Locale;
  logger: BotLogger;
};

export const localeOf = (value: string | undefined | null): Locale => (value === "en" ? "en" : DEFAULT_LOCALE);

/** The bot's error sink (DESIGN.md §4): any failure becomes an error card in the reader's language. */
export function errorAnswer(ctx: AnswerCtx, error: unknown): Answer {
  if (error instanceof ApiCallError) {
    const errorId = error.body.error_id;
    return {
      kind: "error",
      card: errorCard({ code: error.reason, status: error.status, errors: error.body.errors, ...(error.body.message ? { apiMessage: error.body.message } : {}) }, ctx.locale, errorId ? { errorId } : {}),
    };
  }
  const errorId = crypto.randomUUID();
  ctx.logger.error("chat answer failed", { err: error, error_id: errorId });
  return { kind: "error", card: errorCard({ code: "common.internal", status: 500 }, ctx.locale, { errorId }) };
}

export function isUnbound(error: unknown): boolean {
  return error instanceof ApiCallError && error.reason === "im.unbound";
}

/** A command the platform delivered too late to run safely: say so instead of running it. */
export function expiredAnswer(ctx: AnswerCtx, ageMs: number): Answer {
  const minutes = Math.round(ageMs / 60_000);
  return { kind: "error", card: errorCard({ code: "chat.command_expired", status: 408, params: { minutes } }, ctx.locale) };
}
