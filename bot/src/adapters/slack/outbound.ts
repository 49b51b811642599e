/**
 * Cards out: rendered with @ops/cards and sent with Bolt's WebClient. When the bot cannot post in
 * the conversation a command came from (not invited, a DM with someone else), the command's
 * response_url still reaches it, as a visible message that returns no ref.
 */
import { type Card, renderSlack } from "@ops/cards";
import type { App } from "@slack/bolt";
import type { MessageRef, ReplyTarget } from "../../core/port.ts";

type WebClient = App["client"];

/** Slack's answers that mean "the bot may not post here", not "the request is broken". */
const NOT_POSTABLE = new Set(["channel_not_found", "not_in_channel"]);

export type SlackOutbound = {
  reply(target: ReplyTarget, card: Card): Promise<MessageRef | null>;
  replyPrivately(target: ReplyTarget, card: Card): Promise<void>;
  displayName(userId: string): Promise<string | undefined>;
  sendToUser(userId: string, card: Card): Promise<MessageRef>;
  sendToChat(channelId: string, card: Card): Promise<MessageRef>;
  update(ref: MessageRef, card: Card): Promise<void>;
};

function platformError(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}

export function slackOutbound(client: WebClient, appUrl: string | undefined): SlackOutbound {
  const render = (card: Card) => renderSlack(card, { appUrl });

  async function post(channel: string, card: Card, threadTs?: string): Promise<MessageRef> {
    const { text, blocks } = render(card);
    const res = await client.chat.postMessage({ channel, text, blocks, ...(threadTs ? { thread_ts: threadTs } : {}) });
    if (!res.channel || !res.ts) throw new Error("slack: chat.postMessage returned no channel/ts");
    return { platform: "slack", chatId: res.channel, messageId: res.ts };
  }

  async function postToResponseUrl(url: string, card: Card, responseType: "in_channel" | "ephemeral" = "in_channel"): Promise<void> {
    const { text, blocks } = render(card);
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ response_type: responseType, blocks, text }),
    });
    if (!res.ok) throw new Error(`slack: response_url answered ${res.status}`);
  }

  return {
    async reply(target, card) {
      try {
        return await post(target.chatId, card, target.handles.thread_ts);
      } catch (err) {
        const responseUrl = target.handles.response_url;
        if (!responseUrl || !NOT_POSTABLE.has(platformError(err) ?? "")) throw err;
        await postToResponseUrl(responseUrl, card);
        return null;
      }
    },
    // Seen by the asker alone, in the conversation they asked in; where the bot may not post, the
    // command's response_url says it ephemerally all the same.
    async replyPrivately(target, card) {
      const { text, blocks } = render(card);
      const thread = target.handles.thread_ts;
      try {
        await client.chat.postEphemeral({ channel: target.chatId, user: target.userId, text, blocks, ...(thread ? { thread_ts: thread } : {}) });
      } catch (err) {
        const responseUrl = target.handles.response_url;
        if (!responseUrl || !NOT_POSTABLE.has(platformError(err) ?? "")) throw err;
        await postToResponseUrl(responseUrl, card, "ephemeral");
      }
    },
    async displayName(userId) {
      const res = await client.users.info({ user: userId });
      const u = res.user;
      return u?.profile?.display_name || u?.real_name || u?.name || undefined;
    },
    // A user id as channel posts in the bot's DM with that user; Slack answers with the D… channel.
    sendToUser: (userId, card) => post(userId, card),
    // A channel the bot was invited to (an on-call channel); elsewhere Slack answers channel_not_found / not_in_channel.
    sendToChat: (channelId, card) => post(channelId, card),
    async update(ref, card) {
      const { text, blocks } = render(card);
      await client.chat.update({ channel: ref.chatId, ts: ref.messageId, text, blocks });
    },
  };
}
