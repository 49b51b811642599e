/**
 * Cards out through the SDK's Client: new messages (`im/v1/messages`, msg_type "interactive",
 * content = the JSON-2.0 card as a string) and in-place updates (`PATCH im/v1/messages/:id`, which
 * works for shared cards: renderFeishu sets `config.update_multi`).
 */
import { Client, DefaultCache, Domain } from "@larksuiteoapi/node-sdk";
import { type Card, renderFeishu } from "@ops/cards";
import { AppError } from "@ops/shared";
import type { AdapterDeps, MessageRef } from "../../core/port.ts";
import { sdkLogger } from "./sdk-logger.ts";

export type FeishuClientConfig = { appId: string; appSecret: string; domain?: string };

export function createFeishuClient(config: FeishuClientConfig, deps: AdapterDeps): Client {
  return new Client({
    appId: config.appId,
    appSecret: config.appSecret,
    domain: config.domain ?? Domain.Feishu,
    // Its own token cache: the SDK's default one is process-wide and keyed by app id only.
    cache: new DefaultCache(),
    logger: sdkLogger(deps.logger),
  });
}

type ApiAnswer = { code?: number; msg?: string; data?: { message_id?: string; chat_id?: string } };

/**
 * A failed call as an AppError with Feishu's code and message only: the SDK's axios error carries
 * the request config, bearer token included, which must not reach the logs.
 */
function apiError(op: string, code: unknown, msg: unknown, httpStatus?: number): AppError {
  const retryable = httpStatus === 429 || (httpStatus ?? 0) >= 500 || code === 99991400;
  return new AppError("bot.feishu_api_failed", { status: 502, retryable, params: { op, code, msg, httpStatus } });
}

async function call(op: string, run: () => Promise<ApiAnswer>): Promise<ApiAnswer> {
  let answer: ApiAnswer;
  try {
    answer = await run();
  } catch (error) {
    const response = (error as { response?: { status?: number; data?: { code?: unknown; msg?: unknown } } }).response;
    if (!response) throw apiError(op, undefined, error instanceof Error ? error.message : String(error));
    throw apiError(op, response.data?.code, response.data?.msg, response.status);
  }
  if (answer.code !== undefined && answer.code !== 0) throw apiError(op, answer.code, answer.msg);
  return answer;
}

export type FeishuOutbound = {
  sendCard(receiveIdType: "chat_id" | "open_id", receiveId: string, card: Card): Promise<MessageRef>;
  /** POST im/v1/messages/:id/reply; `inThread` keeps the answer in the message's thread (reply_in_thread). */
  replyCard(messageId: string, card: Card, inThread: boolean): Promise<MessageRef>;
  updateCard(messageId: string, card: Card): Promise<void>;
  /** The user's name from the contact API (needs the app's contact read scope; callers treat a failure as "unknown"). */
  userName(openId: string): Promise<string | undefined>;
};

/** image URLs whose uploaded key is remembered (a card's update re-renders its image) */
const IMAGE_KEYS_KEPT = 200;

/**
 * Feishu shows only uploaded images: each image block's URL is read (deps.fetchImage) and uploaded once
 * (`im.image.create`, image_type message); the renderer puts the key in an `img` element. An image that cannot be
 * read or uploaded stays a link, so the card still goes out.
 */
function imageUploader(client: Client, deps: AdapterDeps) {
  const keys = new Map<string, string>();
  async function upload(url: string): Promise<string | null> {
    const bytes = await deps.fetchImage!(url);
    if (!bytes) return null;
    const answer = (await call("im.image.create", () =>
      client.im.image.create({ data: { image_type: "message", image: Buffer.from(bytes) } }) as Promise<ApiAnswer>,
    ).catch((error: unknown) => {
      deps.logger.warn("feishu image upload failed", { err: error instanceof Error ? error.message : String(error) });
      return null;
    })) as (ApiAnswer & { image_key?: string; data?: { image_key?: string } }) | null;
    // the SDK answers the envelope's data for this call; the envelope itself is read too
    return answer?.image_key ?? answer?.data?.image_key ?? null;
  }
  return async (card: Card): Promise<Record<string, string>> => {
    if (!deps.fetchImage) return {};
    const urls = [...new Set(card.blocks.flatMap((b) => (b.type === "image" ? [b.url] : [])))];
    for (const url of urls) {
      if (keys.has(url)) continue;
      const key = await upload(url);
      if (!key) continue;
      if (keys.size >= IMAGE_KEYS_KEPT) keys.delete(keys.keys().next().value!);
      keys.set(url, key);
    }
    return Object.fromEntries(urls.flatMap((u) => (keys.has(u) ? [[u, keys.get(u)!]] : [])));
  };
}

export function feishuOutbound(client: Client, deps: AdapterDeps): FeishuOutbound {
  const imageKeys = imageUploader(client, deps);
  const content = async (card: Card) => JSON.stringify(renderFeishu(card, { appUrl: deps.appUrl, imageKeys: await imageKeys(card) }));
  return {
    async sendCard(receiveIdType, receiveId, card) {
      const body = await content(card);
      const answer = await call("im.message.create", () =>
        client.im.message.create({ params: { receive_id_type: receiveIdType }, data: { receive_id: receiveId, msg_type: "interactive", content: body } }),
      );
      const messageId = answer.data?.message_id;
      if (!messageId) throw apiError("im.message.create", answer.code, "no message_id in the answer");
      const chatId = answer.data?.chat_id ?? (receiveIdType === "chat_id" ? receiveId : "");
      return { platform: "feishu", chatId, messageId };
    },
    async replyCard(messageId, card, inThread) {
      const body = await content(card);
      const answer = await call("im.message.reply", () =>
        client.im.message.reply({ path: { message_id: messageId }, data: { msg_type: "interactive", content: body, reply_in_thread: inThread } }),
      );
      const id = answer.data?.message_id;
      if (!id) throw apiError("im.message.reply", answer.code, "no message_id in the answer");
      return { platform: "feishu", chatId: answer.data?.chat_id ?? "", messageId: id };
    },
    async userName(openId) {
      const answer = (await call("contact.user.get", () =>
        client.contact.user.get({ path: { user_id: openId }, params: { user_id_type: "open_id" } }) as Promise<ApiAnswer>,
      )) as { data?: { user?: { name?: string } } };
      return answer.data?.user?.name || undefined;
    },
    async updateCard(messageId, card) {
      const body = await content(card);
      await call("im.message.patch", () => client.im.message.patch({ path: { message_id: messageId }, data: { content: body } }));
    },
  };
}
