/**
 * The built-in web chat console (the embedded default): the same answers as in Slack, Feishu and
 * DingTalk, rendered as web JSON and computed with the signed-in user's own token, so the console
 * has exactly that user's rights.
 */
import type { ChatConsole, ConsoleCaller } from "@ops/api/modules/chat/index.ts";
import { renderWeb } from "@ops/cards";
import type { ApiClient } from "./api-client.ts";
import { answerAction } from "./actions.ts";
import type { AnswerCtx } from "./answer.ts";
import { answerCommand } from "./commands.ts";
import type { BotLogger } from "./port.ts";

export function createWebConsole(deps: { api: ApiClient; logger: BotLogger }): ChatConsole {
  const ctxOf = (caller: ConsoleCaller): AnswerCtx => ({
    api: deps.api, platform: "web", externalUserId: caller.userId, prefix: "", locale: caller.locale, logger: deps.logger,
    caller: { kind: "web", authorization: caller.authorization, locale: caller.locale },
  });
  return {
    async command(caller, text) {
      const answers = await answerCommand(ctxOf(caller), text);
      return { cards: answers.map((a) => renderWeb(a.card)) };
    },
    async action(caller, action) {
      const result = await answerAction(ctxOf(caller), action);
      return { update: result.update ? renderWeb(result.update.card) : null, cards: result.cards.map((a) => renderWeb(a.card)) };
    },
  };
}
