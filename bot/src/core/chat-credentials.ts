/**
 * Chat credentials kept in the config center (the system-im table), for the platforms env leaves unconfigured.
 * Read once when the bot starts: a changed record takes effect at the next start of the bot.
 */
import { data, type ApiClient } from "./api-client.ts";
import type { BotLogger } from "./port.ts";

/** One platform's record of the system-im table (secrets in clear: the API answers them to the bot only). */
export type StoredChatCredentials = {
  platform: "slack" | "feishu" | "dingtalk";
  app_id: string | null; app_secret: string | null; bot_token: string | null; app_token: string | null;
  signing_secret: string | null; encrypt_key: string | null;
};

/** The enabled records; none (logged) when the API cannot answer, so the bot still starts on env alone. */
export async function storedChatCredentials(api: ApiClient, logger: BotLogger): Promise<StoredChatCredentials[]> {
  try {
    const answer = await data<{ platforms: StoredChatCredentials[] }>(api.as({ kind: "bot" }).api.v1.config["system-im"]["bot-credentials"].$get());
    return answer.platforms;
  } catch (e) {
    logger.warn("the config center's IM credentials could not be read; chat platforms from env only", { err: e });
    return [];
  }
}
